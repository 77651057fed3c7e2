package io.duraflow.store;

/**
 * Exclusive use of a node name, held by one process at a time through the store (a file lock beside a
 * SQLite database, a session advisory lock on PostgreSQL), so that a node restarting under the same name
 * may release the leases its previous run left without taking work from a live process. Released by
 * {@link #close()} or when the process dies.
 */
public interface NodeIdentity extends AutoCloseable {
  /** The name this process now owns. */
  String nodeId();

  @Override
  void close();
}

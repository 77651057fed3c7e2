package io.duraflow.store.jdbc;

/**
 * Runs store logic in transactions: how a backend gets connections, begins, commits and rolls back.
 *
 * <p>Contract: {@link #write} returns after its transaction has committed; if it throws, nothing the work
 * did was committed. A {@link java.sql.SQLException} (or a pool that cannot connect) surfaces as
 * {@link io.duraflow.store.StoreException} whose message names {@code operation} and {@code instanceId};
 * domain exceptions thrown by the work pass through unchanged. After a commit whose {@link Tx} marked
 * work added, the runner calls {@link WorkListeners#fire()}. Implementations are thread-safe.
 */
public interface TransactionRunner extends AutoCloseable {

  /** Runs {@code work} in a read-write transaction. */
  <T> T write(String operation, String instanceId, TxWork<T> work);

  /** Runs {@code work} on a connection that sees all committed writes; it must not write. */
  <T> T read(String operation, String instanceId, TxWork<T> work);

  @Override
  void close();
}

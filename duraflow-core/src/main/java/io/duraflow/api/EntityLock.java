package io.duraflow.api;

import java.util.List;

/**
 * A critical section held by an orchestration on a set of entities, from
 * {@link TaskOrchestrationContext#lockEntities}. While it is held, the locked entities process only
 * operations from this orchestration; others' operations wait in their queues until release.
 * {@link #close()} releases it (idempotent); so does the end of the orchestration.
 */
public interface EntityLock extends AutoCloseable {

  /** The locked entities, in the order the locks were acquired. */
  List<EntityInstanceId> entities();

  /** Releases every lock of this critical section; no effect when already released. */
  @Override
  void close();
}

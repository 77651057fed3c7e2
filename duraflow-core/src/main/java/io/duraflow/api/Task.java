package io.duraflow.api;

/**
 * Something an orchestration can wait for: an activity, timer, external event, sub-orchestration or a
 * combination of them.
 *
 * <p>Tasks belong to one orchestration and may only be used on its thread.
 *
 * @param <V> the result type
 */
public interface Task<V> {

  /**
   * Waits until the task is done and returns its result. While the orchestration is waiting the engine
   * may unload it and later replay it from history; code before this call then runs again, which is why
   * orchestrations must be deterministic.
   *
   * @throws TaskFailedException if an activity or sub-orchestration failed
   * @throws CompositeTaskFailedException if tasks of an {@code allOf} failed
   * @throws TaskCanceledException if an external event wait timed out
   */
  V await();

  /** True once the task has a result or a failure. Never blocks. */
  boolean isDone();

  /** True once the task has failed. Never blocks. */
  boolean isFailed();
}

package io.duraflow.api;

/**
 * Activity code: an ordinary function where I/O, randomness and side effects belong.
 *
 * <p>Activities run at least once: a worker that dies after running one but before its result is
 * committed makes another worker run it again, so activities should be idempotent. They may run
 * concurrently on many threads and must be thread-safe.
 */
@FunctionalInterface
public interface TaskActivity {

  /**
   * Runs the activity.
   *
   * @return the output (serialised to JSON), or null
   * @throws Exception a failure, recorded as the task's {@link FailureDetails}
   */
  Object run(TaskActivityContext ctx) throws Exception;
}

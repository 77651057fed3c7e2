package io.duraflow.api;

/**
 * Where and how an activity call waits to run: its named task queue, its priority within that queue, and
 * its retry policy. Immutable; {@link #defaults()} is the default queue, priority 0, no retries.
 *
 * <p>Queues are defined on the engine ({@code DuraflowEngine.Builder.queue}); their limits (cluster-wide
 * concurrency, per-node concurrency, rate) are enforced when the call's work item is claimed. A queue no
 * node defines has no limits. See docs/queues.md.
 *
 * @param queue the task queue name, or null for the default queue (unlimited, first in first out)
 * @param priority higher runs first among the ready calls of a named queue; ties go oldest first
 * @param retryPolicy how failures are retried, or null for no retries
 */
public record TaskOptions(String queue, int priority, RetryPolicy retryPolicy) {
  public TaskOptions {
    if (queue != null && queue.isBlank()) {
      throw new IllegalArgumentException("A task queue name must not be blank; pass null for the default queue");
    }
  }

  /** The default queue, priority 0, no retries. */
  public static TaskOptions defaults() {
    return new TaskOptions(null, 0, null);
  }

  /** Calls in task queue {@code name}, priority 0, no retries. */
  public static TaskOptions queue(String name) {
    return new TaskOptions(name, 0, null);
  }

  /** These options with {@code value} as the priority. */
  public TaskOptions withPriority(int value) {
    return new TaskOptions(queue, value, retryPolicy);
  }

  /** These options with {@code value} as the retry policy. */
  public TaskOptions withRetryPolicy(RetryPolicy value) {
    return new TaskOptions(queue, priority, value);
  }
}

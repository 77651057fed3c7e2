package io.duraflow.api;

/**
 * How a sub-orchestration is started: which version of the child, in which task queue, and how the call is
 * retried when the child fails. Each retry starts a new child instance whose id is derived deterministically
 * from the first one's: {@code <id>#2}, {@code <id>#3}, ... (the first attempt keeps the given or derived id).
 * Waits between attempts are durable timers. With a {@code retryHandler} the handler decides and
 * {@code retryPolicy} is ignored; with neither there is one attempt.
 *
 * @param retryPolicy how failed attempts are retried, or null
 * @param retryHandler decides about retries instead of the policy, or null
 * @param version the child's version (it runs only on workers that have it), or null for the child's
 *     default version as the calling worker knows it
 * @param queue the task queue whose limits admit each child's first step (docs/queues.md), or null for none;
 *     the child counts against the queue's concurrency until it finishes
 * @param priority higher is admitted first within {@code queue}; 0 by default
 */
public record SubOrchestrationOptions(RetryPolicy retryPolicy, RetryHandler retryHandler, String version,
    String queue, int priority) {

  /** No retries, the child's default version, no task queue. */
  public static final SubOrchestrationOptions DEFAULTS = new SubOrchestrationOptions(null, null, null);

  public SubOrchestrationOptions {
    if (queue != null && queue.isBlank()) {
      throw new IllegalArgumentException("A task queue name must not be blank; pass null for no queue");
    }
  }

  /** Options with retries as given and the child's default version. */
  public SubOrchestrationOptions(RetryPolicy retryPolicy, RetryHandler retryHandler) {
    this(retryPolicy, retryHandler, null);
  }

  /** Options outside any task queue. */
  public SubOrchestrationOptions(RetryPolicy retryPolicy, RetryHandler retryHandler, String version) {
    this(retryPolicy, retryHandler, version, null, 0);
  }

  /** Retries per {@code policy}. */
  public static SubOrchestrationOptions of(RetryPolicy policy) {
    return new SubOrchestrationOptions(policy, null, null);
  }

  /** Retries as {@code handler} decides. */
  public static SubOrchestrationOptions of(RetryHandler handler) {
    return new SubOrchestrationOptions(null, handler, null);
  }

  /** Starts version {@code version} of the child, without retries. */
  public static SubOrchestrationOptions ofVersion(String version) {
    return DEFAULTS.withVersion(version);
  }

  /** Starts the child in task queue {@code queue}, without retries. */
  public static SubOrchestrationOptions ofQueue(String queue) {
    return DEFAULTS.withQueue(queue);
  }

  /** These options, starting version {@code value} of the child (null: its default version). */
  public SubOrchestrationOptions withVersion(String value) {
    return new SubOrchestrationOptions(retryPolicy, retryHandler, value, queue, priority);
  }

  /** These options, admitting the child by task queue {@code value} (null: no queue). */
  public SubOrchestrationOptions withQueue(String value) {
    return new SubOrchestrationOptions(retryPolicy, retryHandler, version, value, priority);
  }

  /** These options with priority {@code value} within the task queue. */
  public SubOrchestrationOptions withPriority(int value) {
    return new SubOrchestrationOptions(retryPolicy, retryHandler, version, queue, value);
  }

  /** Whether failed children are retried. */
  public boolean retries() {
    return retryPolicy != null || retryHandler != null;
  }

  /** Whether a task queue or a non-zero priority is set. */
  public boolean hasQueue() {
    return queue != null || priority != 0;
  }
}

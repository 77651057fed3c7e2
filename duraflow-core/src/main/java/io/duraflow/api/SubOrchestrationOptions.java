package io.duraflow.api;

/**
 * How a sub-orchestration is started: which version of the child, and how the call is retried when the
 * child fails. Each retry starts a new child instance whose id is derived deterministically from the first
 * one's: {@code <id>#2}, {@code <id>#3}, ... (the first attempt keeps the given or derived id). Waits between
 * attempts are durable timers. With a {@code retryHandler} the handler decides and {@code retryPolicy} is
 * ignored; with neither there is one attempt.
 *
 * @param retryPolicy how failed attempts are retried, or null
 * @param retryHandler decides about retries instead of the policy, or null
 * @param version the child's version (it runs only on workers that have it), or null for the child's
 *     default version as the calling worker knows it
 */
public record SubOrchestrationOptions(RetryPolicy retryPolicy, RetryHandler retryHandler, String version) {

  /** No retries, the child's default version. */
  public static final SubOrchestrationOptions DEFAULTS = new SubOrchestrationOptions(null, null, null);

  /** Options with retries as given and the child's default version. */
  public SubOrchestrationOptions(RetryPolicy retryPolicy, RetryHandler retryHandler) {
    this(retryPolicy, retryHandler, null);
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

  /** These options, starting version {@code value} of the child (null: its default version). */
  public SubOrchestrationOptions withVersion(String value) {
    return new SubOrchestrationOptions(retryPolicy, retryHandler, value);
  }

  /** Whether failed children are retried. */
  public boolean retries() {
    return retryPolicy != null || retryHandler != null;
  }
}

package io.duraflow.api;

/**
 * How a sub-orchestration call is retried when the child fails. Each retry starts a new child instance whose
 * id is derived deterministically from the first one's: {@code <id>#2}, {@code <id>#3}, ... (the first attempt
 * keeps the given or derived id). Waits between attempts are durable timers. With a {@code retryHandler} the
 * handler decides and {@code retryPolicy} is ignored; with neither there is one attempt.
 *
 * @param retryPolicy how failed attempts are retried, or null
 * @param retryHandler decides about retries instead of the policy, or null
 */
public record SubOrchestrationOptions(RetryPolicy retryPolicy, RetryHandler retryHandler) {

  /** Retries per {@code policy}. */
  public static SubOrchestrationOptions of(RetryPolicy policy) {
    return new SubOrchestrationOptions(policy, null);
  }

  /** Retries as {@code handler} decides. */
  public static SubOrchestrationOptions of(RetryHandler handler) {
    return new SubOrchestrationOptions(null, handler);
  }
}

package io.duraflow.api;

import java.time.Duration;

/**
 * Decides whether a failed activity or sub-orchestration attempt is retried, and after what wait. It runs in
 * orchestration code, on every replay: it must be deterministic (decide only from the {@link RetryContext},
 * never from the clock, random numbers or external state). The wait is a durable timer.
 *
 * <pre>{@code
 * RetryHandler handler = retry -> retry.attempt() < 5 && !retry.failure().errorType().endsWith("BadInput")
 *     ? RetryDecision.retryAfter(Duration.ofSeconds(retry.attempt()))
 *     : RetryDecision.stop();
 * }</pre>
 */
@FunctionalInterface
public interface RetryHandler {

  /** What to do after attempt {@code context.attempt()} failed. */
  RetryDecision decide(RetryContext context);

  /**
   * What a failed attempt looks like to the handler.
   *
   * @param taskName the activity or sub-orchestration name
   * @param attempt the 1-based number of the attempt that failed
   * @param failure why it failed, as recorded in history
   * @param totalElapsed orchestration time since the first attempt was scheduled
   */
  record RetryContext(String taskName, int attempt, FailureDetails failure, Duration totalElapsed) {}

  /** Retry after a wait, or stop (the call fails with the last attempt's failure). */
  record RetryDecision(boolean retry, Duration delay) {
    private static final RetryDecision STOP = new RetryDecision(false, Duration.ZERO);

    public RetryDecision {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("delay must be zero or positive, was " + delay);
      }
    }

    /** Retry once {@code delay} has passed (zero: at once). */
    public static RetryDecision retryAfter(Duration delay) {
      return new RetryDecision(true, delay);
    }

    /** Stop: the call fails with the last failure. */
    public static RetryDecision stop() {
      return STOP;
    }
  }
}

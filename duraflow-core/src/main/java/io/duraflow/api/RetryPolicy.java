package io.duraflow.api;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How an activity call is retried: up to {@code maxAttempts} attempts, waiting {@code firstRetryInterval}
 * times {@code backoffCoefficient}^(n-1) (capped by {@code maxRetryInterval}) before attempt n+1, giving up
 * once {@code retryTimeout} has passed since the first attempt or when {@code handle} rejects the failure.
 */
public record RetryPolicy(
    int maxAttempts,
    Duration firstRetryInterval,
    double backoffCoefficient,
    Duration maxRetryInterval,
    Duration retryTimeout,
    Predicate<FailureDetails> handle) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    Objects.requireNonNull(firstRetryInterval, "firstRetryInterval");
    if (firstRetryInterval.isNegative()) {
      throw new IllegalArgumentException("firstRetryInterval must not be negative");
    }
    if (backoffCoefficient < 1.0) {
      throw new IllegalArgumentException("backoffCoefficient must be >= 1, was " + backoffCoefficient);
    }
    Objects.requireNonNull(handle, "handle");
  }

  /** A policy with {@code maxAttempts} attempts spaced {@code firstRetryInterval} apart, retrying everything. */
  public static RetryPolicy of(int maxAttempts, Duration firstRetryInterval) {
    return builder(maxAttempts, firstRetryInterval).build();
  }

  public static Builder builder(int maxAttempts, Duration firstRetryInterval) {
    return new Builder(maxAttempts, firstRetryInterval);
  }

  /**
   * The wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts (1-based).
   */
  public Duration delayAfter(int attempt) {
    double millis = firstRetryInterval.toMillis() * Math.pow(backoffCoefficient, attempt - 1);
    Duration delay = Duration.ofMillis((long) Math.min(millis, Long.MAX_VALUE / 2.0));
    return maxRetryInterval != null && delay.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : delay;
  }

  /** Builder with defaults: coefficient 1, no cap, no timeout, every failure retried. */
  public static final class Builder {
    private final int maxAttempts;
    private final Duration firstRetryInterval;
    private double backoffCoefficient = 1.0;
    private Duration maxRetryInterval;
    private Duration retryTimeout;
    private Predicate<FailureDetails> handle = f -> true;

    private Builder(int maxAttempts, Duration firstRetryInterval) {
      this.maxAttempts = maxAttempts;
      this.firstRetryInterval = firstRetryInterval;
    }

    public Builder backoffCoefficient(double value) {
      this.backoffCoefficient = value;
      return this;
    }

    public Builder maxRetryInterval(Duration value) {
      this.maxRetryInterval = value;
      return this;
    }

    public Builder retryTimeout(Duration value) {
      this.retryTimeout = value;
      return this;
    }

    /** Retries only failures that {@code predicate} accepts. */
    public Builder handle(Predicate<FailureDetails> predicate) {
      this.handle = Objects.requireNonNull(predicate, "predicate");
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(maxAttempts, firstRetryInterval, backoffCoefficient, maxRetryInterval, retryTimeout, handle);
    }
  }
}

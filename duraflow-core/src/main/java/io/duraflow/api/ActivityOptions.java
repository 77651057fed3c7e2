package io.duraflow.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-call options of an activity: timeouts, retries, a custom retry handler, and the task queue and priority
 * it waits in (docs/queues.md). Immutable; build one with
 * {@link #builder()} and pass it to {@link TaskOrchestrationContext#callActivity(String, Object, ActivityOptions,
 * Class)}. Every option is optional; {@link #defaults()} behaves like a plain {@code callActivity}.
 *
 * <ul>
 *   <li>{@code startToClose}: the longest one attempt may run, counted from when a worker first claimed it.
 *       An attempt still running after it fails with {@link ActivityTimeoutKind#START_TO_CLOSE} and is
 *       retried per the retry policy.
 *   <li>{@code heartbeatTimeout}: the longest an attempt may go without calling
 *       {@link TaskActivityContext#heartbeat(Object)} (its start counts as the first heartbeat); fails with
 *       {@link ActivityTimeoutKind#HEARTBEAT}, retried per the retry policy.
 *   <li>{@code scheduleToClose}: the longest the whole call may take, every attempt and retry wait included;
 *       fails with {@link ActivityTimeoutKind#SCHEDULE_TO_CLOSE}, never retried.
 * </ul>
 *
 * <p>Timeouts are enforced by the store, not by the node that runs the attempt: they fire even when that node
 * died or hangs (see docs/activities.md). With a {@code retryHandler} the handler decides about retries and
 * {@code retryPolicy} is ignored; with neither, a failed attempt fails the call.
 *
 * <p>{@code queue} names the task queue the call's attempts wait in (null: the default queue, unlimited, first
 * in first out); queues are defined on the engine ({@code DuraflowEngine.Builder.queue}) and their limits
 * (cluster-wide concurrency, per-node concurrency, rate) are enforced when an attempt is claimed. A queue no
 * node defines has no limits. {@code priority}: higher runs first among the ready calls of a named queue, ties
 * oldest first. Which queue a call names is not part of history: changing it affects only calls not yet
 * scheduled.
 */
public final class ActivityOptions {
  private static final ActivityOptions DEFAULTS = builder().build();

  private final Duration startToClose;
  private final Duration scheduleToClose;
  private final Duration heartbeatTimeout;
  private final RetryPolicy retryPolicy;
  private final RetryHandler retryHandler;
  private final String queue;
  private final int priority;

  private ActivityOptions(Builder b) {
    this.startToClose = b.startToClose;
    this.scheduleToClose = b.scheduleToClose;
    this.heartbeatTimeout = b.heartbeatTimeout;
    this.retryPolicy = b.retryPolicy;
    this.retryHandler = b.retryHandler;
    this.queue = b.queue;
    this.priority = b.priority;
  }

  /** No timeouts, no retries: a plain activity call. */
  public static ActivityOptions defaults() {
    return DEFAULTS;
  }

  /** A builder with every option unset. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options that only retry per {@code policy} (null: no retries). */
  public static ActivityOptions of(RetryPolicy policy) {
    return builder().retryPolicy(policy).build();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder().startToClose(startToClose).scheduleToClose(scheduleToClose).heartbeatTimeout(heartbeatTimeout)
        .retryPolicy(retryPolicy).retryHandler(retryHandler).queue(queue).priority(priority);
  }

  /** The longest one attempt may run, or null for no limit. */
  public Duration startToClose() {
    return startToClose;
  }

  /** The longest the call may take over all attempts, or null for no limit. */
  public Duration scheduleToClose() {
    return scheduleToClose;
  }

  /** The longest an attempt may go without a heartbeat, or null for no limit. */
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  /** How failed attempts are retried, or null. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** Decides about retries instead of the policy, or null. */
  public RetryHandler retryHandler() {
    return retryHandler;
  }

  /** The task queue the attempts wait in, or null for the default queue. */
  public String queue() {
    return queue;
  }

  /** The priority within {@link #queue()}: higher runs first; 0 by default. */
  public int priority() {
    return priority;
  }

  /** Whether a named queue or a non-zero priority is set. */
  public boolean hasQueue() {
    return queue != null || priority != 0;
  }

  /** Whether any per-attempt timeout is set (start-to-close, heartbeat, schedule-to-close). */
  public boolean hasTimeouts() {
    return startToClose != null || scheduleToClose != null || heartbeatTimeout != null;
  }

  @Override
  public String toString() {
    return "ActivityOptions[startToClose=" + startToClose + ", scheduleToClose=" + scheduleToClose
        + ", heartbeatTimeout=" + heartbeatTimeout + ", retryPolicy=" + retryPolicy
        + ", retryHandler=" + (retryHandler == null ? "none" : "set") + ", queue=" + queue + ", priority=" + priority
        + "]";
  }

  /** Builds {@link ActivityOptions}; not thread-safe. Durations must be positive; null unsets an option. */
  public static final class Builder {
    private Duration startToClose;
    private Duration scheduleToClose;
    private Duration heartbeatTimeout;
    private RetryPolicy retryPolicy;
    private RetryHandler retryHandler;
    private String queue;
    private int priority;

    private Builder() {}

    public Builder startToClose(Duration value) {
      this.startToClose = positive(value, "startToClose");
      return this;
    }

    public Builder scheduleToClose(Duration value) {
      this.scheduleToClose = positive(value, "scheduleToClose");
      return this;
    }

    public Builder heartbeatTimeout(Duration value) {
      this.heartbeatTimeout = positive(value, "heartbeatTimeout");
      return this;
    }

    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = value;
      return this;
    }

    /** Replaces the retry policy's decision: see {@link RetryHandler}. */
    public Builder retryHandler(RetryHandler value) {
      this.retryHandler = value;
      return this;
    }

    /** The task queue the attempts wait in (docs/queues.md); null for the default queue. */
    public Builder queue(String value) {
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException("A task queue name must not be blank; pass null for the default queue");
      }
      this.queue = value;
      return this;
    }

    /** Higher runs first among the ready calls of a named queue; ties go oldest first. */
    public Builder priority(int value) {
      this.priority = value;
      return this;
    }

    public ActivityOptions build() {
      return new ActivityOptions(this);
    }

    private static Duration positive(Duration value, String what) {
      if (value != null && (value.isNegative() || value.isZero())) {
        throw new IllegalArgumentException(what + " must be positive, was " + value);
      }
      if (value != null && value.toMillis() < 1) {
        throw new IllegalArgumentException(what + " must be at least 1 ms, was " + value);
      }
      return value;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActivityOptions other && Objects.equals(startToClose, other.startToClose)
        && Objects.equals(scheduleToClose, other.scheduleToClose) && Objects.equals(heartbeatTimeout, other.heartbeatTimeout)
        && Objects.equals(retryPolicy, other.retryPolicy) && Objects.equals(retryHandler, other.retryHandler)
        && Objects.equals(queue, other.queue) && priority == other.priority;
  }

  @Override
  public int hashCode() {
    return Objects.hash(startToClose, scheduleToClose, heartbeatTimeout, retryPolicy, retryHandler, queue, priority);
  }
}

package io.duraflow.api;

import java.util.Optional;

/**
 * Which activity timeout expired. A timed-out attempt fails its task with {@link FailureDetails#errorType()}
 * equal to {@link #errorType()}: {@code duraflow.ActivityTimeout.StartToClose},
 * {@code duraflow.ActivityTimeout.ScheduleToClose} or {@code duraflow.ActivityTimeout.Heartbeat}. These strings
 * are stored in history and are stable.
 */
public enum ActivityTimeoutKind {
  /** One attempt ran longer than its start-to-close timeout; retried per the retry policy. */
  START_TO_CLOSE("StartToClose"),
  /** The whole call (all attempts and waits) took longer than its schedule-to-close timeout; not retried. */
  SCHEDULE_TO_CLOSE("ScheduleToClose"),
  /** An attempt went longer than its heartbeat timeout without a heartbeat; retried per the retry policy. */
  HEARTBEAT("Heartbeat");

  /** Prefix of every timeout's error type. */
  public static final String ERROR_TYPE_PREFIX = "duraflow.ActivityTimeout.";

  private final String label;

  ActivityTimeoutKind(String label) {
    this.label = label;
  }

  /** The stored name: {@code StartToClose}, {@code ScheduleToClose} or {@code Heartbeat}. */
  public String label() {
    return label;
  }

  /** The error type a failure of this kind records. */
  public String errorType() {
    return ERROR_TYPE_PREFIX + label;
  }

  /** The failure details of a timeout of this kind. */
  public FailureDetails failure(String message) {
    return new FailureDetails(errorType(), message);
  }

  /** The kind of timeout {@code failure} records, or empty when it is not an activity timeout. */
  public static Optional<ActivityTimeoutKind> of(FailureDetails failure) {
    if (failure == null) {
      return Optional.empty();
    }
    for (ActivityTimeoutKind k : values()) {
      if (k.errorType().equals(failure.errorType())) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}

package io.duraflow.history;

import io.duraflow.api.FailureDetails;
import java.time.Instant;

/**
 * Activity task {@code taskScheduledId} threw or timed out.
 *
 * @param heartbeatDetails the attempt's last heartbeat details (JSON), handed to a retry; null when none
 */
public record TaskFailed(Instant timestamp, int taskScheduledId, FailureDetails failureDetails, String heartbeatDetails)
    implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "TaskFailed";

  /** A failure without heartbeat details. */
  public TaskFailed(Instant timestamp, int taskScheduledId, FailureDetails failureDetails) {
    this(timestamp, taskScheduledId, failureDetails, null);
  }

  @Override
  public String eventType() {
    return KIND;
  }
}

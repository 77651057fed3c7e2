package io.duraflow.history;

import io.duraflow.api.FailureDetails;
import java.time.Instant;

/** Activity task {@code taskScheduledId} threw. */
public record TaskFailed(Instant timestamp, int taskScheduledId, FailureDetails failureDetails) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "TaskFailed";

  @Override
  public String eventType() {
    return KIND;
  }
}

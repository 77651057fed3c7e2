package io.duraflow.history;

import java.time.Instant;

/**
 * The orchestration cancelled activity task {@code targetTaskId} (action {@code taskId}): a later result of
 * it is ignored, and the store asks its running attempt to stop when it commits this event.
 */
public record TaskCancellationRequested(Instant timestamp, int taskId, int targetTaskId) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "TaskCancellationRequested";

  @Override
  public String eventType() {
    return KIND;
  }
}

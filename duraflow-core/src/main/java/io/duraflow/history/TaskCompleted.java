package io.duraflow.history;

import java.time.Instant;

/** Activity task {@code taskScheduledId} returned {@code result} (JSON). */
public record TaskCompleted(Instant timestamp, int taskScheduledId, String result) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "TaskCompleted";

  @Override
  public String eventType() {
    return KIND;
  }
}

package io.duraflow.history;

import java.time.Instant;

/** The orchestration scheduled activity {@code name} as task {@code taskId}. */
public record TaskScheduled(Instant timestamp, int taskId, String name, String input) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "TaskScheduled";

  @Override
  public String eventType() {
    return KIND;
  }
}

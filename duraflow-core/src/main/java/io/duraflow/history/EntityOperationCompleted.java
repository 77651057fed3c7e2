package io.duraflow.history;

import java.time.Instant;

/** The entity operation called as task {@code taskId} returned {@code result} (JSON). */
public record EntityOperationCompleted(Instant timestamp, int taskId, String result) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "EntityOperationCompleted";

  @Override
  public String eventType() {
    return KIND;
  }
}

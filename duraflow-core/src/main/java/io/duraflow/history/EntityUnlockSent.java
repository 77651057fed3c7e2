package io.duraflow.history;

import java.time.Instant;

/** Orchestration {@code parentInstanceId} released its lock on entity {@code targetInstanceId} (critical section {@code criticalSectionId}), as task {@code taskId}. */
public record EntityUnlockSent(Instant timestamp, int taskId, String targetInstanceId, String criticalSectionId, String parentInstanceId) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "EntityUnlockSent";

  @Override
  public String eventType() {
    return KIND;
  }
}

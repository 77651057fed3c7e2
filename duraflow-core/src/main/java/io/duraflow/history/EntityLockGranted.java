package io.duraflow.history;

import java.time.Instant;

/** Every entity of critical section {@code criticalSectionId}, requested as task {@code taskId}, is locked for the requesting orchestration. */
public record EntityLockGranted(Instant timestamp, int taskId, String criticalSectionId) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "EntityLockGranted";

  @Override
  public String eventType() {
    return KIND;
  }
}

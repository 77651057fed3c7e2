package io.duraflow.history;

import java.time.Instant;

/** Operation {@code operation} with {@code input} (JSON) was sent to entity {@code targetInstanceId} as task {@code taskId} of orchestration {@code parentInstanceId}, which awaits {@link EntityOperationCompleted} or {@link EntityOperationFailed} with the same task id. Recorded in the caller's history and carried as the entity's queued message. */
public record EntityOperationCalled(Instant timestamp, int taskId, String targetInstanceId, String operation, String input, String parentInstanceId, String parentExecutionId) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "EntityOperationCalled";

  @Override
  public String eventType() {
    return KIND;
  }
}

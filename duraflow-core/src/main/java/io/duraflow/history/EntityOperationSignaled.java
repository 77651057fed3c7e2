package io.duraflow.history;

import java.time.Instant;

/** Operation {@code operation} with {@code input} (JSON) was sent to entity {@code targetInstanceId} ({@code @name@key}) without waiting for a result, as task {@code taskId} of orchestration {@code parentInstanceId} (null, and task id -1, for a client's signal); delivered at {@code scheduledTime} when not null. Recorded in the sender's history and carried as the entity's queued message. */
public record EntityOperationSignaled(Instant timestamp, int taskId, String targetInstanceId, String operation, String input, Instant scheduledTime, String parentInstanceId) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "EntityOperationSignaled";

  @Override
  public String eventType() {
    return KIND;
  }
}

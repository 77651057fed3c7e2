package io.duraflow.history;

import io.duraflow.api.FailureDetails;
import java.time.Instant;

/** The entity operation called as task {@code taskId} threw; its state change was rolled back. */
public record EntityOperationFailed(Instant timestamp, int taskId, FailureDetails failureDetails) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "EntityOperationFailed";

  @Override
  public String eventType() {
    return KIND;
  }
}

package io.duraflow.history;

import io.duraflow.api.FailureDetails;
import java.time.Instant;

/** Sub-orchestration task {@code taskScheduledId} failed. */
public record SubOrchestrationInstanceFailed(Instant timestamp, int taskScheduledId, FailureDetails failureDetails) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "SubOrchestrationInstanceFailed";

  @Override
  public String eventType() {
    return KIND;
  }
}

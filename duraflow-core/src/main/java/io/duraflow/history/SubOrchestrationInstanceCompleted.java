package io.duraflow.history;

import java.time.Instant;

/** Sub-orchestration task {@code taskScheduledId} completed with {@code result} (JSON). */
public record SubOrchestrationInstanceCompleted(Instant timestamp, int taskScheduledId, String result) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "SubOrchestrationInstanceCompleted";

  @Override
  public String eventType() {
    return KIND;
  }
}

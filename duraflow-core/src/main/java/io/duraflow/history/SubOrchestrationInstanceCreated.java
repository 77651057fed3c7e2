package io.duraflow.history;

import java.time.Instant;

/** The orchestration started sub-orchestration {@code name} as task {@code taskId}. */
public record SubOrchestrationInstanceCreated(Instant timestamp, int taskId, String name, String instanceId, String input) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "SubOrchestrationInstanceCreated";

  @Override
  public String eventType() {
    return KIND;
  }
}

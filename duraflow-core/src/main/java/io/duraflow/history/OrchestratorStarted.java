package io.duraflow.history;

import java.time.Instant;

/**
 * A step of the orchestration began; its timestamp is the orchestration's current time. A step ends where
 * the next one starts (Durable Task's {@code OrchestratorCompleted} marker is not stored: it carries
 * nothing replay needs, and leaving it out saves a history row per step).
 */
public record OrchestratorStarted(Instant timestamp) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "OrchestratorStarted";

  @Override
  public String eventType() {
    return KIND;
  }
}

package io.duraflow.history;

import java.time.Instant;

/** The orchestration created durable timer {@code taskId} firing at {@code fireAt}. */
public record TimerCreated(Instant timestamp, int taskId, Instant fireAt) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "TimerCreated";

  @Override
  public String eventType() {
    return KIND;
  }
}

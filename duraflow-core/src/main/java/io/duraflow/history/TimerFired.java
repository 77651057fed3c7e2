package io.duraflow.history;

import java.time.Instant;

/** Timer {@code timerId} fired. */
public record TimerFired(Instant timestamp, int timerId, Instant fireAt) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "TimerFired";

  @Override
  public String eventType() {
    return KIND;
  }
}

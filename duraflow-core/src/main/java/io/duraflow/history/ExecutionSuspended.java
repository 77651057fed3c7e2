package io.duraflow.history;

import java.time.Instant;

/** A request to suspend the instance: later events wait until it is resumed. */
public record ExecutionSuspended(Instant timestamp, String reason) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "ExecutionSuspended";

  @Override
  public String eventType() {
    return KIND;
  }
}

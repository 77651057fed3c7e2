package io.duraflow.history;

import java.time.Instant;

/** A request to resume a suspended instance. */
public record ExecutionResumed(Instant timestamp, String reason) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "ExecutionResumed";

  @Override
  public String eventType() {
    return KIND;
  }
}

package io.duraflow.history;

import java.time.Instant;

/** A request to terminate the instance; {@code reason} becomes its output. */
public record ExecutionTerminated(Instant timestamp, String reason) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "ExecutionTerminated";

  @Override
  public String eventType() {
    return KIND;
  }
}

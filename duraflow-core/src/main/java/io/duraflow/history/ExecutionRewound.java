package io.duraflow.history;

import java.time.Instant;

/** A request to rewind a failed instance: its failed tasks run again. */
public record ExecutionRewound(Instant timestamp, String reason) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "ExecutionRewound";

  @Override
  public String eventType() {
    return KIND;
  }
}

package io.duraflow.history;

import java.time.Instant;

/** External event {@code name} arrived with payload {@code input} (JSON). */
public record EventRaised(Instant timestamp, String name, String input) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "EventRaised";

  @Override
  public String eventType() {
    return KIND;
  }
}

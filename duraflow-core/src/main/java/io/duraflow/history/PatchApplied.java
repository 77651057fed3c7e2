package io.duraflow.history;

import java.time.Instant;

/**
 * The execution took the patched path of {@code patchId}: the first {@code ctx.isPatched(patchId)} of an
 * execution that had not replayed past that point answered true. A replay of a history with this event
 * answers true again; one without it, while replaying, answers false (the instance ran the old code).
 */
public record PatchApplied(Instant timestamp, String patchId) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "PatchApplied";

  @Override
  public String eventType() {
    return KIND;
  }
}

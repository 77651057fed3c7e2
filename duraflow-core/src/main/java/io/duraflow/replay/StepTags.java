package io.duraflow.replay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The tags an orchestration set since its last step result. They go out with the result and are written
 * with the step, so they are as durable as the step. A replay sets the same tags again (the code is
 * deterministic), which rewrites the same values: harmless, and it needs no history event.
 */
final class StepTags {
  private static final int MAX_LENGTH = 256;
  private final Map<String, String> pending = new LinkedHashMap<>();

  /** Records {@code values} (a null value removes its key); checks them now, where the code can see why. */
  void set(Map<String, String> values) {
    Objects.requireNonNull(values, "tags");
    values.forEach((key, value) -> {
      if (key == null || key.isBlank() || key.length() > MAX_LENGTH || key.chars().anyMatch(c -> c < 0x20)) {
        throw new IllegalArgumentException("A tag key must be 1-" + MAX_LENGTH
            + " characters without control characters, was '" + key + "'");
      }
      if (value != null && value.length() > MAX_LENGTH) {
        throw new IllegalArgumentException("The value of tag '" + key + "' is longer than " + MAX_LENGTH + " characters");
      }
      pending.put(key, value);
    });
  }

  /** The tags set since the last call, which forgets them. */
  Map<String, String> drain() {
    if (pending.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>(pending);
    pending.clear();
    return out;
  }
}

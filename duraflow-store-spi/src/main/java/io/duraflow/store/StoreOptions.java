package io.duraflow.store;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Settings for {@link OrchestrationStores#open}; start from {@link #defaults()} and change what you need.
 * Tuning that only one backend understands travels as a named setting that the backend reads and
 * validates (for example {@code sqlite.durability} or {@code postgres.pool-size}, documented by each
 * backend's provider), so the SPI knows no backend; a setting no backend reads is ignored.
 *
 * @param clock source of every timestamp the store writes (default: system UTC clock)
 * @param settings backend settings by name
 */
public record StoreOptions(Clock clock, Map<String, String> settings) {

  public StoreOptions {
    Objects.requireNonNull(clock, "clock");
    settings = Map.copyOf(settings);
  }

  /** System clock, no backend settings (each backend's defaults). */
  public static StoreOptions defaults() {
    return new StoreOptions(Clock.systemUTC(), Map.of());
  }

  public StoreOptions withClock(Clock clock) {
    return new StoreOptions(clock, settings);
  }

  /** These options with backend setting {@code name} set to {@code value} (null removes it). */
  public StoreOptions with(String name, Object value) {
    Objects.requireNonNull(name, "name");
    Map<String, String> next = new TreeMap<>(settings);
    if (value == null) {
      next.remove(name);
    } else {
      next.put(name, String.valueOf(value));
    }
    return new StoreOptions(clock, next);
  }

  /** The setting {@code name}, or {@code fallback} when it is not set. */
  public String setting(String name, String fallback) {
    return settings.getOrDefault(name, fallback);
  }
}

package io.duraflow.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A running worker as it announces itself in the store: what code it has, so that any node can tell work
 * that merely waits for another node from work that no running node can do.
 *
 * @param heartbeatAt when the worker last announced itself (set by the store on write)
 */
public record WorkerInfo(String workerId, Instant startedAt, Instant heartbeatAt, Set<String> orchestrations,
    Set<String> activities) {
  /** How often a running worker announces itself. */
  public static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(5);
  /** A worker counts as running while its last announcement is this recent: three missed beats and it is not. */
  public static final java.time.Duration LIVE_WINDOW = HEARTBEAT.multipliedBy(3);

  public WorkerInfo {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(startedAt, "startedAt");
    orchestrations = Set.copyOf(orchestrations);
    activities = Set.copyOf(activities);
  }
}

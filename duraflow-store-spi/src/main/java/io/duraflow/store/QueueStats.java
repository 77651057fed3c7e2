package io.duraflow.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The work waiting to be claimed at one moment, per kind: what the queue gauges of {@code /metrics} show.
 * Only work that a worker could claim now counts: visible and not leased. Timers are not a kind of their
 * own: a timer is an inbox message that becomes visible when it fires, and from then on its instance is
 * ready orchestration work.
 *
 * @param orchestrations instances with visible inbox messages and no live lease
 * @param activities activity work items that are visible and not leased
 */
public record QueueStats(Backlog orchestrations, Backlog activities) {
  /** Nothing waits. */
  public static final QueueStats EMPTY = new QueueStats(Backlog.EMPTY, Backlog.EMPTY);

  public QueueStats {
    Objects.requireNonNull(orchestrations, "orchestrations");
    Objects.requireNonNull(activities, "activities");
  }

  /**
   * Ready work of one kind.
   *
   * @param ready how many items are ready
   * @param oldestVisibleAt when the longest-waiting of them became visible; null when none is ready
   */
  public record Backlog(long ready, Instant oldestVisibleAt) {
    /** No ready work. */
    public static final Backlog EMPTY = new Backlog(0, null);

    public Backlog {
      if (ready < 0) {
        throw new IllegalArgumentException("ready must not be negative, was " + ready);
      }
      if ((ready == 0) != (oldestVisibleAt == null)) {
        throw new IllegalArgumentException("oldestVisibleAt must be given exactly when work is ready (ready="
            + ready + ", oldestVisibleAt=" + oldestVisibleAt + ")");
      }
    }

    /** How long the oldest ready item has waited at {@code now}; zero when none waits. */
    public Duration oldestAge(Instant now) {
      if (oldestVisibleAt == null || !now.isAfter(oldestVisibleAt)) {
        return Duration.ZERO;
      }
      return Duration.between(oldestVisibleAt, now);
    }
  }
}

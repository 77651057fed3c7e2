package io.duraflow.action;

import java.time.Duration;
import java.time.Instant;

/**
 * The deadlines of one activity attempt, enforced by the store (see docs/activities.md).
 *
 * @param startToClose the longest the attempt may run once first claimed, or null
 * @param heartbeat the longest it may go without a heartbeat once claimed, or null
 * @param scheduleToCloseAt when the whole call (all attempts) must be done, or null
 */
public record AttemptTimeouts(Duration startToClose, Duration heartbeat, Instant scheduleToCloseAt) {

  /** Null when no deadline is set, so that untimed calls carry nothing. */
  public static AttemptTimeouts ofNullable(Duration startToClose, Duration heartbeat, Instant scheduleToCloseAt) {
    return startToClose == null && heartbeat == null && scheduleToCloseAt == null ? null
        : new AttemptTimeouts(startToClose, heartbeat, scheduleToCloseAt);
  }
}

package io.duraflow.worker;

import io.duraflow.store.OrchestrationStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces activity timeouts from this node: every worker sweeps the store for attempts past a deadline
 * (see {@link OrchestrationStore#expireActivities}), whoever runs them. The store makes the sweep exactly-once
 * across nodes, so a timeout fires even when the node running the attempt died or hangs, as long as any node
 * runs; after a restart of every node the first sweep catches up.
 */
final class ActivityDeadlines {
  private static final Logger log = LoggerFactory.getLogger(ActivityDeadlines.class);
  private static final int BATCH = 100;

  private final OrchestrationStore store;

  ActivityDeadlines(OrchestrationStore store) {
    this.store = store;
  }

  /** How often to sweep: half the poll interval, between 50 ms and 1 s (the precision of a timeout). */
  static Duration interval(WorkerOptions options) {
    long ms = options.maxPollInterval().toMillis() / 2;
    return Duration.ofMillis(Math.max(50, Math.min(1000, ms)));
  }

  /** One sweep: batches until nothing more is due. Never throws (runs on a scheduler). */
  void sweep() {
    try {
      int ended;
      do {
        ended = store.expireActivities(BATCH);
        if (ended > 0) {
          log.debug("Ended {} timed-out or cancelled activity attempts", ended);
        }
      } while (ended == BATCH);
    } catch (RuntimeException e) {
      log.debug("Activity deadline sweep failed; the next one retries", e);
    }
  }
}

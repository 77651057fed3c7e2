package io.duraflow.worker;

import io.duraflow.api.ActivityCanceledException;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.OrchestrationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeats and cancellation state of the activity attempts running on this worker. A heartbeat keeps
 * the latest details in memory and writes them to the store at most once per interval (a third of the
 * heartbeat timeout, at most one second), so that a chatty activity costs one write per interval while the
 * store's copy is always fresh enough for the heartbeat timeout. The store's answer (and a failed lease
 * renewal) tells whether the attempt is still wanted; nothing is interrupted, the activity reads the flag.
 */
final class ActivityHeartbeats {
  private static final Logger log = LoggerFactory.getLogger(ActivityHeartbeats.class);
  static final Duration MAX_WRITE_INTERVAL = Duration.ofSeconds(1);

  private final OrchestrationStore store;
  private final Clock clock;
  private final Map<Long, Attempt> attempts = new ConcurrentHashMap<>();

  ActivityHeartbeats(OrchestrationStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Tracks an attempt that starts running on this worker. */
  Attempt begin(ActivityWorkItem item) {
    Attempt a = new Attempt(item);
    attempts.put(item.id(), a);
    return a;
  }

  /** The attempt stopped running (its result is handed on). */
  void end(ActivityWorkItem item) {
    attempts.remove(item.id());
  }

  /** The store refused to renew the attempt's lease: it timed out, was cancelled or taken over. */
  void leaseLost(ActivityWorkItem item) {
    Attempt a = attempts.get(item.id());
    if (a != null) {
      a.canceled = true;
    }
  }

  /** One running attempt; heartbeats come from the activity's thread, cancellation from any. */
  final class Attempt {
    private final ActivityWorkItem item;
    private final long intervalMillis;
    private volatile boolean canceled;
    private volatile boolean beat;
    private volatile String details;
    private long lastWriteMillis = Long.MIN_VALUE;

    private Attempt(ActivityWorkItem item) {
      this.item = item;
      Duration timeout = item.heartbeatTimeout();
      Duration interval = timeout == null ? MAX_WRITE_INTERVAL : timeout.dividedBy(3);
      this.intervalMillis = Math.max(1, Math.min(interval.toMillis(), MAX_WRITE_INTERVAL.toMillis()));
    }

    void heartbeat(String json) {
      details = json;
      beat = true;
      if (!canceled && dueForWrite()) {
        try {
          if (!store.recordActivityHeartbeat(item, json)) {
            canceled = true;
          }
        } catch (RuntimeException e) {
          // The store is down for a moment: the next heartbeat writes again; the timeout is what guards.
          synchronized (this) {
            lastWriteMillis = Long.MIN_VALUE;
          }
          log.debug("Heartbeat of activity '{}' of instance '{}' not recorded", item.name(), item.instanceId(), e);
        }
      }
      throwIfCanceled();
    }

    private synchronized boolean dueForWrite() {
      long now = clock.millis();
      if (lastWriteMillis != Long.MIN_VALUE && now - lastWriteMillis < intervalMillis) {
        return false;
      }
      lastWriteMillis = now;
      return true;
    }

    /** This attempt's latest heartbeat details, else those stored with the item (an earlier attempt's). */
    String latestDetails() {
      return beat ? details : item.heartbeatDetails();
    }

    boolean canceled() {
      return canceled;
    }

    void throwIfCanceled() {
      if (canceled) {
        throw new ActivityCanceledException("Activity '" + item.name() + "' (task #" + item.taskId() + ") of instance '"
            + item.instanceId() + "' was cancelled: its instance was terminated or the attempt timed out");
      }
    }
  }
}

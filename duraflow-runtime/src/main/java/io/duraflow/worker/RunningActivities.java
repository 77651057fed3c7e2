package io.duraflow.worker;

import io.duraflow.history.HistoryEvent;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.LeaseLostException;
import io.duraflow.store.OrchestrationStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity work items this worker holds leases on (running, or finished with their result not yet
 * recorded): their leases are renewed until the result is recorded through the store or committed with
 * a held instance's step, or they are given back.
 */
final class RunningActivities {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final OrchestrationStore store;
  private final Duration lease;
  private final BooleanSupplier running;
  private final WorkerMetrics metrics;
  private final Map<Long, ActivityWorkItem> items = new ConcurrentHashMap<>();
  private final ActivityHeartbeats heartbeats;

  /** @param running whether the worker still runs: a stopping worker stops retrying results */
  RunningActivities(OrchestrationStore store, Duration lease, BooleanSupplier running, WorkerMetrics metrics,
      ActivityHeartbeats heartbeats) {
    this.heartbeats = heartbeats;
    this.metrics = metrics;
    this.store = store;
    this.lease = lease;
    this.running = running;
  }

  void add(ActivityWorkItem item) {
    items.put(item.id(), item);
  }

  /** How many held items each named task queue has (the default queue is not counted). */
  Map<String, Integer> countByQueue() {
    Map<String, Integer> counts = new java.util.HashMap<>();
    for (ActivityWorkItem item : items.values()) {
      if (item.queue() != null) {
        counts.merge(item.queue(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** Forgets an item whose lease ended another way (committed with a step, given back). */
  void remove(ActivityWorkItem item) {
    items.remove(item.id());
  }

  /** Records the results through the store, each with retries; the items are forgotten afterwards. */
  void completeAll(List<InstanceHold.Result> results) {
    results.forEach(r -> complete(r.item(), r.event()));
  }

  /** The result is precious (the activity may be expensive): ride out short database outages. */
  void complete(ActivityWorkItem item, HistoryEvent result) {
    try (LogContext ignored = LogContext.activity(item)) { // also called off the activity's own thread
      completeThroughStore(item, result);
    } finally {
      items.remove(item.id());
    }
  }

  private void completeThroughStore(ActivityWorkItem item, HistoryEvent result) {
    Duration wait = Duration.ofMillis(100);
    for (int attempt = 1; ; attempt++) {
      try {
        store.completeActivity(item, result);
        return;
      } catch (LeaseLostException e) {
        metrics.leaseLost("activity");
        log.info("Result of activity '{}' #{} of instance '{}' dropped: {}", item.name(), item.taskId(), item.instanceId(), e.getMessage());
        return;
      } catch (RuntimeException e) {
        if (attempt >= 20 || !running.getAsBoolean()) {
          log.warn("Result of activity '{}' of instance '{}' not recorded; it will run again", item.name(), item.instanceId(), e);
          abandon(item, Duration.ofSeconds(1));
          return;
        }
        log.warn("Completing activity '{}' of instance '{}' failed (attempt {}); retrying: {}", item.name(), item.instanceId(), attempt, e.toString());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : wait.multipliedBy(2);
      }
    }
  }

  /** Gives an item's lease back; visible again after {@code delay}. */
  void abandon(ActivityWorkItem item, Duration delay) {
    try {
      store.abandonActivity(item, delay);
    } catch (RuntimeException e) {
      log.debug("Abandon failed too; the lease will expire", e);
    }
  }

  /** Gives back every lease still held (the worker stops). */
  void abandonAll() {
    items.values().forEach(item -> abandon(item, Duration.ZERO));
  }

  /** Extends every held lease; run periodically, well within the lease. */
  void renewLeases() {
    for (ActivityWorkItem item : items.values()) {
      try (LogContext ignored = LogContext.activity(item)) {
        if (!store.renewActivityLease(item, lease)) {
          heartbeats.leaseLost(item); // timed out, cancelled or taken over: the running attempt is told
          log.info("Lease on activity '{}' of instance '{}' was lost while it ran", item.name(), item.instanceId());
        }
      } catch (RuntimeException e) {
        log.debug("Lease renewal failed", e);
      }
    }
  }
}

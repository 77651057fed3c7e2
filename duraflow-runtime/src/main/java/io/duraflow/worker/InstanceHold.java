package io.duraflow.worker;

import io.duraflow.history.HistoryEvent;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.OrchestrationWorkItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance whose lease this worker kept after a step because every task the orchestration waits for is
 * an activity leased to this worker (the fast path). Results of those activities do not go through the
 * inbox: they are handed to the hold, and the next step commits them together with its own work in one
 * transaction. Thread-safe: activity threads offer results while another thread may be stepping.
 */
final class InstanceHold {
  /** What the caller of {@link #offer} must do with a result. */
  enum Offer {
    /** The instance is not held (any more): complete the activity through the store as usual. */
    NOT_HELD,
    /** Another thread is stepping the instance and will take the result in its next step. */
    QUEUED,
    /** The caller must run the next step now ({@link #takeReady}). */
    STEP
  }

  /** A finished activity and its result event, waiting for the next step. */
  record Result(ActivityWorkItem item, HistoryEvent event) {}

  private final String key;
  private final Map<Long, ActivityWorkItem> outstanding = new HashMap<>();
  private final List<Result> ready = new ArrayList<>();
  private OrchestrationWorkItem item;
  private boolean stepping;
  private boolean released;
  private boolean releaseRequested;
  private long heldSinceNanos;

  InstanceHold(String key, OrchestrationWorkItem item) {
    this.key = key;
    this.item = item;
    this.heldSinceNanos = System.nanoTime();
  }

  String key() {
    return key;
  }

  synchronized OrchestrationWorkItem item() {
    return item;
  }

  /** After a step kept the lease: the new lease version and the activities that step leased here. */
  synchronized void kept(OrchestrationWorkItem next, List<ActivityWorkItem> leased) {
    item = next;
    for (ActivityWorkItem a : leased) {
      outstanding.put(a.id(), a);
    }
  }

  synchronized int outstandingCount() {
    return outstanding.size();
  }

  /** Hands over a finished activity's result; see {@link Offer}. */
  synchronized Offer offer(ActivityWorkItem activity, HistoryEvent result) {
    if (released || outstanding.remove(activity.id()) == null) {
      return Offer.NOT_HELD;
    }
    ready.add(new Result(activity, result));
    if (stepping) {
      return Offer.QUEUED;
    }
    stepping = true;
    return Offer.STEP;
  }

  /** Results to step with, and how many other activities of the hold still run, read together. */
  record Batch(List<Result> results, int stillRunning) {}

  /** The results to step with now (the caller holds the stepping turn). */
  synchronized Batch takeReady() {
    List<Result> batch = new ArrayList<>(ready);
    ready.clear();
    return new Batch(batch, outstanding.size());
  }

  /**
   * Ends the stepping turn; true when more results arrived meanwhile, in which case the caller keeps the
   * turn and steps again.
   */
  synchronized boolean endTurn() {
    if (!ready.isEmpty() && !released) {
      return true;
    }
    stepping = false;
    return false;
  }

  /**
   * Ends the hold: later results take the store path. Returns results that were queued but not stepped,
   * which the caller must complete through the store.
   */
  synchronized List<Result> release() {
    released = true;
    stepping = false;
    List<Result> left = new ArrayList<>(ready);
    ready.clear();
    outstanding.clear();
    return left;
  }

  /** Claims the stepping turn for housekeeping (renewal, release); false while a step runs. */
  synchronized boolean tryTurn() {
    if (stepping || released) {
      return false;
    }
    stepping = true;
    return true;
  }

  /** Marks the hold to be given back once no step runs for it (a message waits in the inbox). */
  synchronized void requestRelease() {
    releaseRequested = true;
  }

  synchronized boolean releaseRequested() {
    return releaseRequested;
  }

  synchronized long heldForNanos() {
    return System.nanoTime() - heldSinceNanos;
  }

  synchronized void renewed() {
    heldSinceNanos = System.nanoTime();
  }
}

package io.duraflow.worker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * This worker's activity capacity: a step reserves slots before its commit leases the step's activities to
 * this worker, so concurrent commits never lease more activities than there are threads to run them; the
 * dispatcher claims at most the free slots, then reserves, and gives back any surplus at once.
 */
final class ActivitySlots {
  private final int capacity;
  private final AtomicInteger used = new AtomicInteger();
  private final WorkSignal freed;

  /** @param freed signalled when released slots end a time with no room, so a dispatcher waiting for room wakes */
  ActivitySlots(int capacity, WorkSignal freed) {
    this.capacity = capacity;
    this.freed = freed;
  }

  /** Reserves up to {@code wanted} slots without waiting; returns how many were reserved (maybe 0). */
  int tryReserve(int wanted) {
    if (wanted <= 0) {
      return 0;
    }
    while (true) {
      int u = used.get();
      int granted = Math.min(wanted, capacity - u);
      if (granted <= 0) {
        return 0;
      }
      if (used.compareAndSet(u, u + granted)) {
        return granted;
      }
    }
  }

  /** Gives back {@code n} reserved slots. */
  void release(int n) {
    if (n > 0 && used.getAndAdd(-n) >= capacity) {
      freed.signal(); // only a full worker's dispatcher waits for room; waking it for every release costs a claim
    }
  }

  int free() {
    return capacity - used.get();
  }
}

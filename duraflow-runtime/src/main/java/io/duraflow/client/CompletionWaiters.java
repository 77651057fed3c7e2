package io.duraflow.client;

import io.duraflow.store.CompletionListener;
import io.duraflow.store.InstanceRecord;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Callers of {@code waitForCompletion} by instance, woken by the store's completion listener: at once for
 * instances finished in this process, through the database's notifications for those finished by other
 * nodes where the store has them. Waiters still poll, slowly, in case a notification is lost.
 */
final class CompletionWaiters implements CompletionListener {
  private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

  static String key(String taskHub, String instanceId) {
    return taskHub + '\u0000' + instanceId;
  }

  Waiter register(String taskHub, String instanceId) {
    Waiter w = new Waiter(key(taskHub, instanceId));
    // Inside compute: a concurrent close() of the last other waiter must not drop the set we add to.
    waiters.compute(w.key, (k, set) -> {
      Set<Waiter> s = set != null ? set : ConcurrentHashMap.newKeySet();
      s.add(w);
      return s;
    });
    return w;
  }

  @Override
  public void completed(String taskHub, String instanceId, InstanceRecord finalState) {
    if (taskHub == null) {
      waiters.values().forEach(set -> set.forEach(w -> w.wake(null))); // unknown which: everyone re-checks
      return;
    }
    Set<Waiter> set = waiters.get(key(taskHub, instanceId));
    if (set != null) {
      set.forEach(w -> w.wake(finalState));
    }
  }

  /** One caller's wait; close it when done. */
  final class Waiter implements AutoCloseable {
    private final String key;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean signalled;
    private InstanceRecord finalState;

    private Waiter(String key) {
      this.key = key;
    }

    void wake(InstanceRecord state) {
      lock.lock();
      try {
        signalled = true;
        if (state != null) {
          finalState = state;
        }
        woken.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /**
     * Waits until woken or {@code nanos} pass; a wake-up before the call is not lost.
     *
     * @return the instance's final row when the completion came from this process, else null
     */
    InstanceRecord await(long nanos) throws InterruptedException {
      lock.lock();
      try {
        long left = nanos;
        while (!signalled && left > 0) {
          left = woken.awaitNanos(left);
        }
        signalled = false;
        return finalState;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      waiters.computeIfPresent(key, (k, set) -> {
        set.remove(this);
        return set.isEmpty() ? null : set;
      });
    }
  }
}

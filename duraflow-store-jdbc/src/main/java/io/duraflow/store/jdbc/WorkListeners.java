package io.duraflow.store.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work listeners of one store. {@link #signal()} (used after commits) hands the call to a daemon
 * thread, which coalesces bursts into one round of calls; so a listener never runs on a transaction's or
 * the SQLite writer's thread and may even call back into the store. Thread-safe.
 */
public final class WorkListeners implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkListeners.class);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean closed;

  public WorkListeners(String name) {
    this.thread = new Thread(this::loop, "duraflow-work-listeners " + name);
    thread.setDaemon(true);
    thread.start();
  }

  public void add(Runnable listener) {
    listeners.add(listener);
  }

  public void remove(Runnable listener) {
    listeners.remove(listener);
  }

  /** Asks for the listeners to be called soon, on the listener thread; never blocks. */
  public void signal() {
    if (pending.compareAndSet(false, true)) {
      LockSupport.unpark(thread);
    }
  }

  /** Calls every listener on the current thread; a listener that throws is logged and skipped. */
  public void fire() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("Work listener {} failed", listener, e);
      }
    }
  }

  private void loop() {
    while (!closed) {
      if (pending.getAndSet(false)) {
        fire();
      } else {
        LockSupport.parkNanos(this, 1_000_000_000L);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }
}

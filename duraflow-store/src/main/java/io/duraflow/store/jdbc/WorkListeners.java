package io.duraflow.store.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The work listeners of one store; {@link #fire()} calls each, isolating their failures. Thread-safe. */
public final class WorkListeners {
  private static final Logger log = LoggerFactory.getLogger(WorkListeners.class);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public void add(Runnable listener) {
    listeners.add(listener);
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
}

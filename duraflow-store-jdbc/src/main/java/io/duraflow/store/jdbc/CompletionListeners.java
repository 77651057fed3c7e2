package io.duraflow.store.jdbc;

import io.duraflow.store.CompletionListener;
import io.duraflow.store.InstanceRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The completion listeners of one store; called on the committing (or notification) thread. Thread-safe. */
public final class CompletionListeners {
  private static final Logger log = LoggerFactory.getLogger(CompletionListeners.class);
  private final List<CompletionListener> listeners = new CopyOnWriteArrayList<>();

  void add(CompletionListener listener) {
    listeners.add(listener);
  }

  void remove(CompletionListener listener) {
    listeners.remove(listener);
  }

  /** Tells every listener; null ids mean "unknown which instances: re-check". A failing listener is skipped. */
  public void fire(String taskHub, String instanceId, InstanceRecord finalState) {
    for (CompletionListener l : listeners) {
      try {
        l.completed(taskHub, instanceId, finalState);
      } catch (RuntimeException e) {
        log.warn("Completion listener {} failed", l, e);
      }
    }
  }
}

package io.duraflow.worker;

import io.duraflow.replay.OrchestrationSession;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * In-flight orchestration sessions by instance, least recently used evicted first. A session is taken
 * out while a step uses it and put back afterwards, so eviction never closes a session mid-step.
 */
final class SessionCache {
  private final int capacity;
  private final LinkedHashMap<String, OrchestrationSession> sessions = new LinkedHashMap<>(16, 0.75f, true);

  SessionCache(int capacity) {
    this.capacity = capacity;
  }

  static String key(String taskHub, String instanceId) {
    return taskHub + '\u0000' + instanceId;
  }

  /** Removes and returns the session for {@code key}, or null. */
  synchronized OrchestrationSession take(String key) {
    return sessions.remove(key);
  }

  /** Removes and closes the session for {@code key}, if any: what it replayed no longer holds. */
  void discard(String key) {
    OrchestrationSession stale = take(key);
    if (stale != null) {
      stale.close();
    }
  }

  /** Puts a session back, evicting (closing) the least recently used beyond capacity. */
  void put(String key, OrchestrationSession session) {
    List<OrchestrationSession> evicted = new ArrayList<>();
    synchronized (this) {
      if (capacity == 0) {
        evicted.add(session);
      } else {
        OrchestrationSession old = sessions.put(key, session);
        if (old != null && old != session) {
          evicted.add(old);
        }
        Iterator<Map.Entry<String, OrchestrationSession>> it = sessions.entrySet().iterator();
        while (sessions.size() > capacity && it.hasNext()) {
          evicted.add(it.next().getValue());
          it.remove();
        }
      }
    }
    evicted.forEach(OrchestrationSession::close);
  }

  synchronized int size() {
    return sessions.size();
  }

  void clear() {
    List<OrchestrationSession> all;
    synchronized (this) {
      all = new ArrayList<>(sessions.values());
      sessions.clear();
    }
    all.forEach(OrchestrationSession::close);
  }
}

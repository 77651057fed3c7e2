package io.duraflow.testkit;

import io.duraflow.api.TaskActivity;
import io.duraflow.api.TaskRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The activities of a test environment: each registered activity is replaced by a dispatcher that counts
 * its executions and runs the stub set for its name, or the real activity when there is none. Stubs can be
 * set and replaced while a test runs; the next execution uses the current one.
 */
final class ActivityStubs {
  private final Map<String, TaskActivity> real = new TreeMap<>();
  private final Map<String, TaskActivity> stubs = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** Builds the registry the worker runs: {@code base}'s orchestrations, and every activity behind a dispatcher. */
  TaskRegistry registry(TaskRegistry base, Map<String, TaskActivity> extraStubs) {
    TaskRegistry.Builder b = TaskRegistry.builder();
    b.addOrchestrationsOf(base); // every version too, so versioned instances claim and run as in production
    base.entityNames().forEach(name -> b.addEntity(name, base.entity(name).orElseThrow()));
    for (String name : base.activityNames()) {
      real.put(name, base.activity(name).orElseThrow());
    }
    stubs.putAll(extraStubs);
    Set<String> names = new TreeSet<>(real.keySet());
    names.addAll(extraStubs.keySet());
    for (String name : names) {
      calls.put(name, new AtomicInteger());
      b.addActivity(name, ctx -> {
        calls.get(name).incrementAndGet();
        TaskActivity stub = stubs.get(name);
        return (stub != null ? stub : real.get(name)).run(ctx);
      });
    }
    return b.build();
  }

  void stub(String name, TaskActivity stub) {
    if (!calls.containsKey(name)) {
      throw new IllegalArgumentException("No activity named '" + name + "' is registered in this test environment ("
          + calls.keySet() + "); register it, or stub it on the builder to add it");
    }
    stubs.put(name, stub);
  }

  /** How many times activity {@code name} ran (each delivery counts, duplicates too). */
  int calls(String name) {
    AtomicInteger n = calls.get(name);
    if (n == null) {
      throw new IllegalArgumentException("No activity named '" + name + "' is registered in this test environment ("
          + calls.keySet() + ")");
    }
    return n.get();
  }
}

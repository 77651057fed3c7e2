package io.duraflow.bench.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one measured phase on a few client threads and bounds it: every wait for an instance registered through
 * {@link #await} must end within the wait timeout (whether or not the engine's own wait takes a timeout — DBOS's
 * {@code getResult} does not), and the whole phase within the phase timeout. On a breach, or the first failure of a
 * client, {@link #join} throws an exception naming the phase and the instances still waited for; the client
 * threads are daemons and are interrupted, and the caller then shuts the side down.
 */
final class Phase {
  /** The work of one client thread. */
  interface Body {
    void run(int client) throws Exception;
  }

  private record Wait(String id, long since) {}

  private final String name;
  private final Duration waitTimeout;
  private final Duration phaseTimeout;
  private final Map<Long, Wait> waits = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  Phase(String name, Duration waitTimeout, Duration phaseTimeout) {
    this.name = name;
    this.waitTimeout = waitTimeout;
    this.phaseTimeout = phaseTimeout;
  }

  /** Waits for {@code p} within the wait timeout, visible to the supervisor while it waits. */
  void await(PeerSide.Pending p) throws Exception {
    long key = seq.incrementAndGet();
    waits.put(key, new Wait(p.id(), System.nanoTime()));
    try {
      p.await(waitTimeout);
    } finally {
      waits.remove(key);
    }
  }

  /** Runs {@code body} on {@code threads} daemon threads and returns when all have finished. */
  void run(int threads, Body body) throws Exception {
    CountDownLatch done = new CountDownLatch(threads);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "compare-client-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      for (int i = 0; i < threads; i++) {
        int client = i;
        pool.execute(() -> {
          try {
            body.run(client);
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          } finally {
            done.countDown();
          }
        });
      }
      long deadline = System.nanoTime() + phaseTimeout.toNanos();
      while (!done.await(100, TimeUnit.MILLISECONDS)) {
        checkFailure();
        long now = System.nanoTime();
        List<String> late = new ArrayList<>();
        for (Wait w : waits.values()) {
          if (now - w.since() > waitTimeout.toNanos()) {
            late.add(w.id());
          }
        }
        if (!late.isEmpty()) {
          throw new IllegalStateException(name + ": instance(s) " + late + " did not complete within " + seconds(waitTimeout));
        }
        if (now > deadline) {
          throw new IllegalStateException(name + " did not finish within " + seconds(phaseTimeout) + "; still waiting for "
              + waits.values().stream().map(Wait::id).limit(10).toList());
        }
      }
      checkFailure();
    } finally {
      pool.shutdownNow();
    }
  }

  private void checkFailure() throws Exception {
    Throwable e = failure.get();
    if (e != null) {
      throw new IllegalStateException(name + " failed: " + e, e);
    }
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }
}

package io.duraflow.bench.peer;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/** The workloads, the same code for every side; each returns what the report prints. */
final class Workloads {
  private Workloads() {}

  /**
   * @param txPerInstance store transactions committed per measured instance, or NaN without a counter
   */
  record ClosedLoop(int clients, int instances, double seconds, double perSecond, double p50Ms, double p99Ms,
      double txPerInstance) {}

  /** @param startSeconds until the last start call returned; seconds until the last instance completed */
  record Burst(int instances, int threads, double startSeconds, double seconds) {}

  record FanOut(int width, double seconds) {}

  /**
   * HelloSequence in a closed loop: {@code clients} threads each start one instance and wait for it, again and
   * again, {@code warmup} instances in all and then {@code measured} more. Latency runs from the start call to the
   * completion observed; throughput is measured instances over the time from the start of the measured part to
   * the last completion. The transaction counter (when there is one) is read, settled, just before and just after
   * the measured part.
   */
  static ClosedLoop closedLoop(PeerSide side, int clients, int warmup, int measured, Duration waitTimeout,
      Duration phaseTimeout) throws Exception {
    if (warmup > 0) {
      runClosed(side, "closed loop K=" + clients + " warm-up", clients, warmup, waitTimeout, phaseTimeout, null);
    }
    LongSupplier tx = side.transactionCounter();
    long before = tx == null ? 0 : tx.getAsLong();
    long[] latencies = new long[measured];
    long start = System.nanoTime();
    long end = runClosed(side, "closed loop K=" + clients, clients, measured, waitTimeout, phaseTimeout, latencies);
    long after = tx == null ? 0 : tx.getAsLong();
    double seconds = (end - start) / 1e9;
    Arrays.sort(latencies);
    return new ClosedLoop(clients, measured, seconds, measured / seconds, percentile(latencies, 0.50) / 1e6,
        percentile(latencies, 0.99) / 1e6, tx == null ? Double.NaN : (after - before) / (double) measured);
  }

  /**
   * Store transactions per second of the started side doing nothing (pollers, lease renewals, listeners) over
   * {@code seconds}, or NaN without a counter. The closed-loop figures include this background.
   */
  static double idleTransactionsPerSecond(PeerSide side, int seconds) throws InterruptedException {
    LongSupplier tx = side.transactionCounter();
    if (tx == null) {
      return Double.NaN;
    }
    long before = tx.getAsLong();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long after = tx.getAsLong();
    return (after - before) / ((System.nanoTime() - t0) / 1e9);
  }

  /** Returns the time of the last completion. */
  private static long runClosed(PeerSide side, String name, int clients, int n, Duration waitTimeout,
      Duration phaseTimeout, long[] latencies) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong lastEnd = new AtomicLong();
    Phase phase = new Phase(side.label() + " " + name, waitTimeout, phaseTimeout);
    phase.run(Math.min(clients, n), client -> {
      int i;
      while ((i = next.getAndIncrement()) < n) {
        long t0 = System.nanoTime();
        phase.await(side.startHello());
        long t1 = System.nanoTime();
        if (latencies != null) {
          latencies[i] = t1 - t0;
        }
        lastEnd.accumulateAndGet(t1, Math::max);
      }
    });
    return lastEnd.get();
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * {@code n} HelloSequence instances started at once from {@code threads} threads as fast as they go, then waited
   * for in start order; the time runs from the first start call to the last completion.
   */
  static Burst burst(PeerSide side, int n, int threads, Duration waitTimeout, Duration phaseTimeout) throws Exception {
    AtomicReferenceArray<PeerSide.Pending> started = new AtomicReferenceArray<>(n);
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    new Phase(side.label() + " burst starts", waitTimeout, phaseTimeout).run(threads, client -> {
      int i;
      while ((i = next.getAndIncrement()) < n) {
        started.set(i, side.startHello());
      }
    });
    long startsDone = System.nanoTime();
    Phase waits = new Phase(side.label() + " burst of " + n, waitTimeout, phaseTimeout);
    waits.run(1, client -> {
      for (int i = 0; i < n; i++) {
        waits.await(started.get(i));
      }
    });
    long end = System.nanoTime();
    return new Burst(n, threads, (startsDone - start) / 1e9, (end - start) / 1e9);
  }

  /** One fan-out of {@code width} no-op children, from the start call to the fan-in's completion. */
  static FanOut fanOut(PeerSide side, int width, Duration waitTimeout, Duration phaseTimeout) throws Exception {
    Phase phase = new Phase(side.label() + " fan-out " + width, waitTimeout, phaseTimeout);
    long[] seconds = new long[1];
    phase.run(1, client -> {
      long t0 = System.nanoTime();
      phase.await(side.startFanOut(width));
      seconds[0] = System.nanoTime() - t0;
    });
    return new FanOut(width, seconds[0] / 1e9);
  }
}

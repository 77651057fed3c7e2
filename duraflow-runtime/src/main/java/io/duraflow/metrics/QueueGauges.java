package io.duraflow.metrics;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.QueueStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue gauges ({@link DuraflowMeters#QUEUE_DEPTH}, {@link DuraflowMeters#QUEUE_OLDEST_AGE}) per kind.
 * They are read lazily: a scrape reads all four gauges, and the first read queries the store
 * ({@link OrchestrationStore#queueStats()}, one read transaction) while the others reuse that sample for
 * {@link #MAX_SAMPLE_AGE}; nothing runs between scrapes. While the store cannot answer the gauges read NaN
 * (a gap in the graph) rather than a stale value.
 */
public final class QueueGauges {
  /** How long one sample serves reads: longer than a scrape takes, far shorter than a scrape interval. */
  public static final Duration MAX_SAMPLE_AGE = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);

  private final OrchestrationStore store;
  private final Clock clock;
  private QueueStats sample;
  private long sampledAtNanos;
  private boolean failing;

  private QueueGauges(OrchestrationStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Registers the gauges of {@code store}'s queues in {@code meters}. */
  public static QueueGauges register(MeterRegistry meters, OrchestrationStore store, Clock clock) {
    QueueGauges gauges = new QueueGauges(store, clock);
    gauges.register(meters, "orchestration", QueueStats::orchestrations);
    gauges.register(meters, "activity", QueueStats::activities);
    return gauges;
  }

  private void register(MeterRegistry meters, String kind, Function<QueueStats, QueueStats.Backlog> backlog) {
    Gauge.builder(DuraflowMeters.QUEUE_DEPTH.name(), this, g -> g.read(s -> (double) backlog.apply(s).ready()))
        .description(DuraflowMeters.QUEUE_DEPTH.description()).tag("kind", kind).strongReference(true)
        .register(meters);
    Gauge.builder(DuraflowMeters.QUEUE_OLDEST_AGE.name(), this,
            g -> g.read(s -> backlog.apply(s).oldestAge(clock.instant()).toMillis() / 1000.0))
        .description(DuraflowMeters.QUEUE_OLDEST_AGE.description()).baseUnit(DuraflowMeters.QUEUE_OLDEST_AGE.unit())
        .tag("kind", kind).strongReference(true).register(meters);
  }

  private double read(java.util.function.ToDoubleFunction<QueueStats> value) {
    QueueStats stats = sample();
    return stats == null ? Double.NaN : value.applyAsDouble(stats);
  }

  /** The latest sample, taken now if the last one is too old; null while the store cannot answer. */
  synchronized QueueStats sample() {
    long now = System.nanoTime();
    if (sampledAtNanos != 0 && now - sampledAtNanos < MAX_SAMPLE_AGE.toNanos()) {
      return sample;
    }
    sampledAtNanos = now == 0 ? 1 : now;
    try {
      sample = store.queueStats();
      if (failing) {
        log.info("Queue gauges read the store again");
        failing = false;
      }
    } catch (RuntimeException e) {
      sample = null;
      if (!failing) {
        log.warn("Queue gauges cannot read the store (they read NaN until it answers): {}", e.getMessage());
        failing = true;
      }
    }
    return sample;
  }
}

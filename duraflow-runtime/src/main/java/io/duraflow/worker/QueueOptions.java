package io.duraflow.worker;

import io.duraflow.store.QueueDefinition;
import java.time.Duration;
import java.util.Objects;

/**
 * A named task queue and its limits, as a node defines it (docs/queues.md). Activity calls name their
 * queue in {@link io.duraflow.api.ActivityOptions}; work of a queue waits until every limit has room:
 *
 * <ul>
 *   <li>{@code concurrency}: work items of the queue leased at once across every node of the store;
 *   <li>{@code workerConcurrency}: on this node;
 *   <li>{@code rateLimit} per {@code ratePeriod}: claims in any window of that length, across all nodes.
 * </ul>
 *
 * Null is no limit. The cluster-wide limits are stored (the last node to start with a definition sets
 * them), so give every node the same; the per-node limit is each node's own. Immutable.
 */
public record QueueOptions(String name, Integer concurrency, Integer workerConcurrency, Integer rateLimit,
    Duration ratePeriod) {

  public QueueOptions {
    Objects.requireNonNull(name, "name");
    if (workerConcurrency != null && workerConcurrency < 1) {
      throw new IllegalArgumentException("Queue '" + name + "': workerConcurrency must be at least 1, was " + workerConcurrency);
    }
    new QueueDefinition(name, concurrency, rateLimit, ratePeriod); // checks the rest
  }

  /** A queue without limits (until some are added with the {@code with} methods). */
  public static QueueOptions named(String name) {
    return new QueueOptions(name, null, null, null, null);
  }

  /** At most {@code n} of the queue's work items running at once across all nodes. */
  public QueueOptions withConcurrency(int n) {
    return new QueueOptions(name, n, workerConcurrency, rateLimit, ratePeriod);
  }

  /** At most {@code n} of the queue's work items running at once on this node. */
  public QueueOptions withWorkerConcurrency(int n) {
    return new QueueOptions(name, concurrency, n, rateLimit, ratePeriod);
  }

  /** At most {@code n} of the queue's work items started in any {@code period}, across all nodes. */
  public QueueOptions withRateLimit(int n, Duration period) {
    return new QueueOptions(name, concurrency, workerConcurrency, n, Objects.requireNonNull(period, "period"));
  }

  /** The limits the store enforces. */
  public QueueDefinition definition() {
    return new QueueDefinition(name, concurrency, rateLimit, ratePeriod);
  }
}

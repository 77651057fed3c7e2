package io.duraflow.store;

import java.time.Duration;
import java.util.Objects;

/**
 * The cluster-wide limits of a named task queue, as the store enforces them when activities are claimed:
 * at most {@code concurrency} work items of the queue leased at once across all nodes, and at most
 * {@code rateLimit} claims in any {@code ratePeriod}. Null limits are no limit. Stored, so that every node
 * claims under the same limits; the last node to define a queue sets them.
 */
public record QueueDefinition(String name, Integer concurrency, Integer rateLimit, Duration ratePeriod) {
  /** The longest queue name. */
  public static final int MAX_NAME_LENGTH = 100;

  public QueueDefinition {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("A queue name must be 1-" + MAX_NAME_LENGTH
          + " characters without control characters, was '" + name + "'");
    }
    if (concurrency != null && concurrency < 1) {
      throw new IllegalArgumentException("Queue '" + name + "': concurrency must be at least 1, was " + concurrency);
    }
    if ((rateLimit == null) != (ratePeriod == null)) {
      throw new IllegalArgumentException("Queue '" + name + "': a rate limit needs both a count and a period");
    }
    if (rateLimit != null && (rateLimit < 1 || ratePeriod.toMillis() < 1)) {
      throw new IllegalArgumentException("Queue '" + name + "': a rate limit needs a count of at least 1 and a"
          + " period of at least 1 ms, was " + rateLimit + " per " + ratePeriod);
    }
  }
}

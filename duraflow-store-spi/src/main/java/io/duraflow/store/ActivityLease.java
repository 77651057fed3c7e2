package io.duraflow.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Asks a commit to lease up to {@code max} of the activities it creates to {@code owner} for
 * {@code lease}, so the committing worker can run them at once instead of claiming them in another
 * transaction. The rest stay visible to every worker, so a wide fan-out is still shared between nodes.
 */
public record ActivityLease(String owner, Duration lease, int max) {
  public ActivityLease {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, was " + max);
    }
  }
}

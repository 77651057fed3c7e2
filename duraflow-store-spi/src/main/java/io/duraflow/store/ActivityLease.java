package io.duraflow.store;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Asks a commit to lease up to {@code max} of the activities it creates to {@code owner} for
 * {@code lease}, so the committing worker can run them at once instead of claiming them in another
 * transaction. The rest stay visible to every worker, so a wide fan-out is still shared between nodes.
 *
 * @param names the activities the owner has code for (null: any); others are never leased to it
 */
public record ActivityLease(String owner, Duration lease, int max, Set<String> names) {
  public ActivityLease {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, was " + max);
    }
    names = names == null ? null : Set.copyOf(names);
  }

  /** A lease of activities of any name. */
  public ActivityLease(String owner, Duration lease, int max) {
    this(owner, lease, max, null);
  }

  /** Whether an activity named {@code name} may be leased to the owner. */
  public boolean covers(String name) {
    return names == null || names.contains(name);
  }
}

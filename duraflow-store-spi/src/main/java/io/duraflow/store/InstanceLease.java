package io.duraflow.store;

import java.time.Duration;
import java.util.Objects;

/** Asks a commit to keep its instance leased to {@code owner} for {@code lease} instead of releasing it. */
public record InstanceLease(String owner, Duration lease) {
  public InstanceLease {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
  }
}

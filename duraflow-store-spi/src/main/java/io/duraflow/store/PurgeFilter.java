package io.duraflow.store;

import io.duraflow.api.OrchestrationRuntimeStatus;
import java.time.Instant;
import java.util.Set;

/**
 * Which terminal instances to purge; null or empty means no filter. Non-terminal statuses are ignored.
 */
public record PurgeFilter(Instant createdFrom, Instant createdTo, Set<OrchestrationRuntimeStatus> runtimeStatus) {
  public PurgeFilter {
    runtimeStatus = runtimeStatus == null ? Set.of() : Set.copyOf(runtimeStatus);
  }
}

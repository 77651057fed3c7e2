package io.duraflow.engine;

import io.duraflow.store.LeaseHolder;
import io.duraflow.store.NodeIdentity;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.ReleasedLeases;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does about leases when it starts. A node with a stable name that no live process holds
 * releases the leases its previous run left (a kill -9 leaves instances and activities leased for up to a
 * minute) so they run again at once; a node then says in the log which other workers' leases it waits
 * for, instead of sitting silent until they expire.
 */
final class NodeStartup {
  private static final Logger log = LoggerFactory.getLogger(DuraflowEngine.class);

  private NodeStartup() {}

  /**
   * The node name this process may use as its worker id: {@code nodeId} when this process got exclusive use
   * of it, else a unique variant (another live process has the name, so its leases are not ours to release).
   */
  static Optional<NodeIdentity> claimName(OrchestrationStore store, String nodeId) {
    Optional<NodeIdentity> identity = store.lockNodeIdentity(nodeId);
    if (identity.isEmpty()) {
      log.warn("Node name '{}' is in use by another running process; this one runs under a name of its own and"
          + " leaves that process's leases alone", nodeId);
    }
    return identity;
  }

  /** A unique worker id derived from a node name that another process holds. */
  static String uniqueVariant(String nodeId) {
    return nodeId + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Releases the leases a previous run under {@code identity} left, and logs what others hold. */
  static void reclaimAndReport(OrchestrationStore store, Optional<NodeIdentity> identity, String workerId) {
    try {
      if (identity.isPresent()) {
        ReleasedLeases released = store.releaseLeasesOf(identity.get().nodeId());
        if (!released.isEmpty()) {
          log.info("Node '{}' took back {} instance lease(s) and {} activity lease(s) its previous run left;"
              + " that work runs again now", identity.get().nodeId(), released.instances(), released.activities());
        }
      }
      List<LeaseHolder> others = store.leaseHolders().stream()
          .filter(h -> !h.owner().equals(workerId)).toList();
      if (!others.isEmpty()) {
        log.info("Leased by other workers (their work runs here if they do not renew it by then): {}",
            others.stream().map(h -> String.format(java.util.Locale.ROOT, "%s: %d instance(s), %d activity(ies) until %s",
                h.owner(), h.instances(), h.activities(), h.expiresAt())).collect(Collectors.joining("; ")));
      }
    } catch (RuntimeException e) {
      // Only a speed-up and a log line: the leases still expire on their own.
      log.warn("Could not check leases left by earlier runs: {}", e.getMessage());
    }
  }
}

package io.duraflow.store;

import io.duraflow.api.EntityInstanceId;
import io.duraflow.history.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable entities of a store ({@link OrchestrationStore#entities()}): entity rows (state, last
 * operation time, lock holder) and their operation queues, in the same database and with the same
 * durability as instances.
 *
 * <p>Messages reach an entity's queue through {@link #signalEntity} or as any {@link OutboundMessage}
 * addressed to the instance id {@code @name@key} ({@link EntityInstanceId#toInstanceId()}): an
 * orchestration step's signals, calls and lock messages are queued in the step's own transaction.
 *
 * <p>Processing is leased like instances: {@link #claimEntityWorkItems} gives one node at a time an
 * entity with its visible queued messages, and {@link #commitEntityBatch} applies the batch's outcome in
 * one transaction (new state, consumed messages deleted, answers and signals delivered, orchestrations
 * started), version-checked, so a crash before the commit leaves state and queue as they were and a
 * state change is applied exactly once. Thread-safe.
 */
public interface EntityStore {

  /**
   * Queues {@code message} (an {@code EntityOperationSignaled}, usually) for entity {@code id} of
   * {@code taskHub}, visible at {@code visibleAt}; creates the entity's row if it has none.
   */
  void signalEntity(String taskHub, EntityInstanceId id, HistoryEvent message, Instant visibleAt);

  /** The entity's row, or empty when it was never signalled (or was cleaned). */
  Optional<EntityRecord> getEntity(String taskHub, EntityInstanceId id);

  /** Entities matching {@code query}, ordered by name then key, one page at a time. */
  EntityPage queryEntities(String taskHub, EntityQuery query);

  /**
   * Removes the entities of {@code taskHub} that have no state, no queued messages and no lock, and
   * releases the locks held by orchestrations that no longer run (terminal or purged instances).
   */
  EntityCleanup cleanEntityStorage(String taskHub);

  /**
   * Leases up to {@code max} entities of the names in {@code names} (null for any) that have visible
   * queued messages they can run and no live lease, each with up to {@code batchSize} of its visible
   * messages in arrival order.
   */
  List<EntityWorkItem> claimEntityWorkItems(String owner, int max, int batchSize, Duration lease, Set<String> names);

  /**
   * Applies a batch's outcome and releases the lease, in one transaction.
   *
   * @throws LeaseLostException if the lease was lost (another node may run the batch); nothing was written
   */
  void commitEntityBatch(EntityBatchCommit commit);

  /** Releases the lease without changes; the entity becomes claimable after {@code delay}. */
  void abandonEntity(EntityWorkItem item, Duration delay);
}

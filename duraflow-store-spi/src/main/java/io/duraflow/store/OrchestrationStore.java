package io.duraflow.store;

import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.history.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Durable state of all task hubs in one database.
 *
 * <p>Contract: implementations are thread-safe. Every method that changes state has committed its
 * change durably when it returns (with the store's configured durability), and a method that throws has
 * changed nothing. Methods throw {@link StoreException} when the database cannot be reached, and its
 * subclass {@link StoreFullException} when it has no space left to write; callers may retry them.
 * Timestamps come from the store's {@link java.time.Clock} and are stored in UTC.
 */
public interface OrchestrationStore extends AutoCloseable {

  // ------------------------------------------------------------------ client side

  /**
   * Creates instance {@code request.instanceId()} in status Pending with its {@code ExecutionStarted}
   * message (visible at its scheduled start time). An existing instance with the same id is replaced
   * (its history and inbox deleted) when it is terminal.
   *
   * @throws InstanceAlreadyExistsException if a non-terminal instance has this id
   */
  void createInstance(NewInstance request);

  /**
   * Creates the instance and applies its first step in one transaction (eager start): {@code firstStep}'s
   * history starts with the request's {@code ExecutionStarted}, which is not put into the inbox. The
   * step's work item is a stand-in (version 0, no messages); its leases are taken as in {@link #commit}.
   *
   * @throws InstanceAlreadyExistsException if a non-terminal instance has this id; nothing was written
   */
  StepCommitResult createInstance(NewInstance request, OrchestrationStepCommit firstStep);

  /**
   * Adds {@code event} to the inbox of an existing instance, visible at {@code visibleAt}.
   *
   * @throws InstanceNotFoundException if there is no such instance
   */
  void sendMessage(String taskHub, String instanceId, HistoryEvent event, Instant visibleAt);

  /** The instance, or empty. */
  Optional<InstanceRecord> getInstance(String taskHub, String instanceId);

  /** The history of the instance's current execution, in order; empty for an unknown instance. */
  List<HistoryEvent> getHistory(String taskHub, String instanceId);

  /**
   * Events {@code offset .. offset + limit - 1} of the instance's current execution, in order: a slice of
   * {@link #getHistory}, for readers that page through a long history (the dashboard). Empty past the end
   * or for an unknown instance. The default reads the whole history; stores override it to read only the
   * slice.
   *
   * @throws IllegalArgumentException if {@code offset < 0} or {@code limit < 1}
   */
  default List<HistoryEvent> getHistorySlice(String taskHub, String instanceId, int offset, int limit) {
    HistorySlices.check(offset, limit);
    List<HistoryEvent> all = getHistory(taskHub, instanceId);
    return offset >= all.size() ? List.of() : List.copyOf(all.subList(offset, (int) Math.min(all.size(), (long) offset + limit)));
  }

  /** Instances matching {@code query}, ordered by creation time then id, one page at a time. */
  InstancePage queryInstances(String taskHub, InstanceQuery query);

  /**
   * How many instances of {@code taskHub} match {@code query}'s filters (its page size and token are
   * ignored), by status; statuses without instances are left out.
   */
  java.util.Map<io.duraflow.api.OrchestrationRuntimeStatus, Long> countInstances(String taskHub, InstanceQuery query);

  /**
   * Deletes a terminal instance with its history and inbox.
   *
   * @return true if it was deleted, false if no such instance exists
   * @throws io.duraflow.api.InvalidInstanceStateException if the instance is not terminal
   */
  boolean purgeInstance(String taskHub, String instanceId);

  /** Deletes the terminal instances matching {@code filter}; returns how many were deleted. */
  int purgeInstances(String taskHub, PurgeFilter filter);

  /** The store's schedules ({@code io.duraflow.schedule} in the runtime starts instances from them). */
  ScheduleStore schedules();

  // ------------------------------------------------------------------ worker side

  /**
   * Leases up to {@code max} instances of any task hub that have visible inbox messages and no live lease,
   * with those messages (in arrival order). A lease is live while the store's clock is before its expiry
   * ({@code now + lease}); each claim increases the instance's version, which becomes the item's
   * {@code lockVersion}.
   */
  default List<OrchestrationWorkItem> claimOrchestrationWorkItems(String owner, int max, Duration lease) {
    return claimOrchestrationWorkItems(owner, max, lease, null);
  }

  /**
   * Like {@link #claimOrchestrationWorkItems(String, int, Duration)}, limited to instances of the
   * orchestrations named in {@code names} (null for any): a worker claims only what it has the code for,
   * and leaves the rest for a worker that does. An instance of another name with a terminate request
   * ({@code ExecutionTerminated}) in its inbox is claimed too: ending it needs no code.
   */
  List<OrchestrationWorkItem> claimOrchestrationWorkItems(String owner, int max, Duration lease, Set<String> names);

  /** The history of execution {@code executionId} of a leased instance, from position {@code fromIndex}. */
  List<HistoryEvent> loadHistory(String taskHub, String instanceId, String executionId, int fromIndex);

  /**
   * Applies one orchestration step atomically and releases the lease, or keeps it when the commit asks to
   * ({@link OrchestrationStepCommit#keepLease()}). Committing the same item twice fails the second time
   * (the commit changes the version). Rules that span instances are enforced here, in the same
   * transaction: a sub-orchestration whose id a non-terminal instance holds is not created, and the step's
   * instance receives a {@code SubOrchestrationInstanceFailed} for it instead.
   *
   * @return the activities of this commit leased to {@code commit.activityLease().owner()} (at most its
   *     {@code max}, in task-id order), ready to run and to complete with {@link #completeActivity}, and
   *     the kept lease, if any
   * @throws LeaseLostException if the lease (of the instance, or of a completed activity) was lost; nothing
   *     was written
   */
  StepCommitResult commit(OrchestrationStepCommit commit);

  /**
   * Releases the lease without changes; the instance becomes claimable again after {@code delay}. The item
   * can no longer be committed. No effect if the lease was already lost.
   */
  void abandon(OrchestrationWorkItem item, Duration delay);

  /**
   * Like {@link #abandon}, and counts one more failed attempt at the instance's next step: the next claim,
   * by any node, reports the count in {@link OrchestrationWorkItem#failedAttempts()}, so a poison step is
   * given up on after the same number of attempts however many nodes try it. A commit resets the count.
   */
  void abandonAfterFailure(OrchestrationWorkItem item, Duration delay);

  /** Extends a lease; false when it was already lost. */
  default boolean renewLease(OrchestrationWorkItem item, Duration lease) {
    return renewLeases(List.of(item), lease).get(0).held();
  }

  /**
   * Extends several leases in one transaction and reports, for each (in order), whether it was still held
   * and whether the instance has inbox messages visible now.
   */
  List<LeaseState> renewLeases(List<OrchestrationWorkItem> items, Duration lease);

  /** Leases up to {@code max} visible activity work items. */
  default List<ActivityWorkItem> claimActivityWorkItems(String owner, int max, Duration lease) {
    return claimActivityWorkItems(owner, max, lease, null);
  }

  /** Leases up to {@code max} visible activity work items of the activities named in {@code names} (null for any). */
  List<ActivityWorkItem> claimActivityWorkItems(String owner, int max, Duration lease, Set<String> names);

  /**
   * Claims activity work items as {@link #claimActivityWorkItems(String, int, Duration, Set)} does, under the
   * limits of named task queues: for a queue {@linkplain #defineQueue defined} in this store, at most its
   * concurrency leased at once across all nodes and at most its rate limit claimed per period (counted and
   * claimed in one transaction, so concurrent claims on several nodes cannot overshoot), higher priority
   * first; and at most {@code nodeRoom.get(queue)} of a queue for this caller (its per-node limit less what
   * it already holds). Items of the default queue, and of queues no node defined, are claimed as before.
   *
   * @param nodeRoom per queue name, how many more items this caller may take; queues not in it are bounded
   *     only by {@code max} and the queue's stored limits
   */
  default List<ActivityWorkItem> claimActivityWorkItems(String owner, int max, Duration lease, Set<String> names,
      java.util.Map<String, Integer> nodeRoom) {
    if (nodeRoom != null && !nodeRoom.isEmpty()) {
      throw new UnsupportedOperationException(describe() + " does not support task queue limits");
    }
    return claimActivityWorkItems(owner, max, lease, names);
  }

  /**
   * Stores (or replaces) the cluster-wide limits of a named task queue; idempotent. Every node that defines
   * the queue should give the same limits: the last definition wins.
   *
   * @throws UnsupportedOperationException when the store cannot enforce queue limits
   */
  default void defineQueue(QueueDefinition queue) {
    throw new UnsupportedOperationException(describe() + " does not support task queues");
  }

  /**
   * Sets (or, for a null value, removes) tags of an instance outside a step; the keys not named keep their
   * values. Does nothing for an instance that does not exist.
   */
  default void setTags(String taskHub, String instanceId, java.util.Map<String, String> tags) {
    throw new UnsupportedOperationException(describe() + " does not support instance tags");
  }

  /** The tags of an instance (empty when it has none or does not exist). */
  default java.util.Map<String, String> getTags(String taskHub, String instanceId) {
    return java.util.Map.of();
  }

  /**
   * Deletes a leased activity work item and adds {@code result} ({@code TaskCompleted} or
   * {@code TaskFailed}) to its instance's inbox, atomically.
   *
   * @throws LeaseLostException if the lease was lost; nothing was written
   */
  void completeActivity(ActivityWorkItem item, HistoryEvent result);

  /**
   * Releases an activity lease; the item becomes visible again after {@code delay}. No effect if the lease
   * was already lost.
   */
  void abandonActivity(ActivityWorkItem item, Duration delay);

  /**
   * Extends an activity lease; false when it was already lost, or when the attempt's cancellation was
   * requested (its instance was terminated): the attempt should stop, and its lease is left to expire.
   */
  boolean renewActivityLease(ActivityWorkItem item, Duration lease);

  /**
   * Records a heartbeat of a leased activity attempt: {@code details} (JSON, may be null) become its latest
   * heartbeat details, and its heartbeat timeout restarts from the store's now.
   *
   * @return true while the attempt is wanted; false when its lease was lost, it timed out, or its
   *     cancellation was requested (the caller reports cancellation to the activity)
   */
  boolean recordActivityHeartbeat(ActivityWorkItem item, String details);

  /**
   * Ends activity attempts whose deadline passed, whoever holds them: a start-to-close, heartbeat or
   * schedule-to-close timeout (see {@link NewActivity#timeouts()}) deletes the row and adds a
   * {@code TaskFailed} with the timeout's error type to its instance's inbox, in one transaction per batch;
   * a row whose cancellation was requested is deleted once no live lease holds it. Idempotent and safe to
   * run on every node at once: each row ends once, and a late result of an ended attempt finds its row gone
   * ({@link LeaseLostException}).
   *
   * @return how many rows it ended (at most {@code max})
   */
  int expireActivities(int max);

  /**
   * Registers a listener called (on any thread, quickly) when new work may be available: after this
   * process commits messages or activity items, and, for shared databases, when another node does.
   * Workers use it to avoid polling latency; they must still poll.
   */
  void addWorkListener(Runnable listener);

  /** Unregisters a work listener; no effect if it is not registered. */
  void removeWorkListener(Runnable listener);

  /**
   * Registers a listener told when an instance reaches a terminal status: after this process commits it,
   * and, for shared databases that can notify, when another node does. Clients use it to answer waits
   * without polling; they must still poll, slowly.
   */
  void addCompletionListener(CompletionListener listener);

  /** Unregisters a completion listener; no effect if it is not registered. */
  void removeCompletionListener(CompletionListener listener);

  /**
   * Takes exclusive use of the node name {@code nodeId} for this process, or returns empty while another
   * live process (or another holder in this one) has it. Only the holder may {@link #releaseLeasesOf}
   * leases written under that name.
   */
  Optional<NodeIdentity> lockNodeIdentity(String nodeId);

  /**
   * Releases every instance, activity and entity lease written by {@code owner}, so that the work becomes claimable
   * at once: what a node restarting under its {@link NodeIdentity} calls for the leases its previous run
   * left when it was killed, instead of waiting for them to expire. Items the old run held become stale.
   */
  ReleasedLeases releaseLeasesOf(String owner);

  /** The live (unexpired) leases, grouped by owner, for operators and for logging what a node waits on. */
  List<LeaseHolder> leaseHolders();

  /** Announces (inserts or refreshes) a running worker; the store sets the heartbeat time to its clock. */
  void heartbeat(WorkerInfo worker);

  /** Removes a worker's announcement (it stopped); no effect for an unknown id. */
  void removeWorker(String workerId);

  /** The workers whose last heartbeat is no older than {@code within}, by worker id. */
  List<WorkerInfo> liveWorkers(Duration within);

  /** The names of the orchestrations and activities with work ready to be claimed now. */
  ReadyWorkNames readyWorkNames();

  /**
   * How much work is ready to be claimed now and not leased, per kind, with the age of the oldest: for
   * the queue gauges. Implementations answer from their ready indexes (the same conditions as the
   * claims), so the cost grows with the backlog, not with the stored history; callers still sample it
   * (every few seconds) rather than call it per request.
   */
  QueueStats queueStats();

  /**
   * Whether the store serves normally now, for health checks. A store that knows why its writes fail (a
   * full disk, say) answers unhealthy with a message saying so until the cause is gone: after a write that
   * succeeds again, or a probe the store may run from this method (at most about once a second, so calling
   * it often is cheap). Never throws; a store that cannot tell answers {@link StoreHealth#HEALTHY} and
   * lets its methods throw {@link StoreException}.
   */
  default StoreHealth health() {
    return StoreHealth.HEALTHY;
  }

  /**
   * The store's durable entities. The default has none: a store that keeps entities overrides this.
   *
   * @throws UnsupportedOperationException if this store does not keep entities
   */
  default EntityStore entities() {
    throw new UnsupportedOperationException("store " + describe() + " does not support durable entities");
  }

  /** A short description for logs, e.g. {@code sqlite:/data/duraflow.db}. */
  String describe();

  /** Releases connections and threads. */
  @Override
  void close();
}

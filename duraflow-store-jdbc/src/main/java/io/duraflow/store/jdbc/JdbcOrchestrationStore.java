package io.duraflow.store.jdbc;

import io.duraflow.history.HistoryEvent;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.CompletionListener;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.LeaseHolder;
import io.duraflow.store.LeaseState;
import io.duraflow.store.NewInstance;
import io.duraflow.store.NodeIdentity;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.PurgeFilter;
import io.duraflow.store.QueueStats;
import io.duraflow.store.ReadyWorkNames;
import io.duraflow.store.WorkerInfo;
import io.duraflow.store.ReleasedLeases;
import io.duraflow.store.StepCommitResult;
import io.duraflow.store.codec.HistoryEventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link OrchestrationStore} logic shared by SQLite and PostgreSQL: plain JDBC over the tables of
 * {@code db/migration/*}/V1, with a {@link SqlDialect} for the few differences and a
 * {@link TransactionRunner} that decides how transactions run (a pool for PostgreSQL, a group-committing
 * single writer for SQLite).
 *
 * <h2>Design note: claims and commits</h2>
 *
 * <ul>
 *   <li><b>Ready index.</b> {@code instances.next_visible_at} caches the earliest {@code visible_at} of the
 *       instance's inbox. Every inbox insert lowers it ({@code least}); a commit recomputes it from the
 *       inbox after deleting the consumed messages. The orchestration claim is then an index range scan
 *       on {@code next_visible_at <= now}, oldest first, instead of a join over the whole inbox. A stale
 *       (too early) value is harmless: a claim that finds no visible messages repairs the value and releases
 *       the lease. A too-late value cannot happen: writers lower it in the transaction that inserts the
 *       message, and under PostgreSQL's READ COMMITTED the lowering {@code UPDATE} re-evaluates against the
 *       latest row version.
 *   <li><b>Leases.</b> A claim sets {@code lock_owner}, {@code lock_expires_at = now + lease} and
 *       {@code version = version + 1}; a lease is live while {@code now < lock_expires_at}. Commit, renew
 *       and abandon match on {@code version = item.lockVersion()}: zero rows means a newer claim (or a
 *       replace) happened, so the caller lost its lease. Commit and abandon bump the version again, so a
 *       duplicate commit of the same work item fails instead of appending history twice.
 *   <li><b>Activities</b> keep {@code visible_at = lock_expires_at} while leased, so the activity claim
 *       is one range scan over {@code visible_at} as well.
 *   <li><b>Concurrency.</b> PostgreSQL claims with {@code UPDATE ... WHERE pk IN (SELECT ... FOR UPDATE SKIP
 *       LOCKED)}, so concurrent workers never wait for or share a row. SQLite runs every write on one
 *       writer thread, which makes each claim serial.
 * </ul>
 *
 * <p>Timestamps are UTC epoch milliseconds in {@code BIGINT} columns: no driver or session time zone is
 * involved, and every {@code Instant} from 1970-2^63 ms round-trips exactly at millisecond precision.
 * History events keep full precision inside their JSON.
 *
 * <p>Collaborators, one capability each: {@link Instances} (create or replace, send, purge),
 * {@link InstanceQueries} (reads and keyset-paginated queries), {@link OrchestrationClaims} and
 * {@link StepCommits} (orchestration work items), {@link ActivityWork} (activity work items), with
 * {@link Inbox} delivery and {@link Rows} mapping shared between them. This class wires them up.
 *
 * <p>Thread-safe.
 */
public class JdbcOrchestrationStore implements OrchestrationStore {

  private final TransactionRunner runner;
  private final WorkListeners listeners;
  private final java.time.Clock clock;
  private final String description;
  private final Instances instances;
  private final InstanceQueries queries;
  private final OrchestrationClaims orchestrationClaims;
  private final NodeLeases nodeLeases;
  private final Workers workers;
  private final QueueDepths queueDepths;
  private final StepCommits stepCommits;
  private final ActivityWork activityWork;
  private final ActivityDeadlineSweep deadlines;
  private final CompletionListeners completions = new CompletionListeners();
  private final JdbcEntityStore entities;
  private final Schedules schedules;

  /**
   * @param listeners the listeners that {@code runner} fires after commits that added work
   * @param clock the source of every timestamp the store writes
   */
  public JdbcOrchestrationStore(
      SqlDialect dialect, TransactionRunner runner, WorkListeners listeners, java.time.Clock clock, String description) {
    Objects.requireNonNull(dialect, "dialect");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.listeners = Objects.requireNonNull(listeners, "listeners");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.description = description;
    HistoryEventCodec codec = new HistoryEventCodec();
    TransactionRunner announcing = new AnnouncingTransactionRunner(dialect, runner);
    ClaimProbe probe = new ClaimProbe(dialect, announcing);
    this.instances = new Instances(dialect, announcing, codec);
    this.queries = new InstanceQueries(announcing, codec);
    this.orchestrationClaims = new OrchestrationClaims(dialect, announcing, codec, probe);
    this.nodeLeases = new NodeLeases(announcing);
    this.workers = new Workers(announcing);
    this.queueDepths = new QueueDepths(announcing);
    this.stepCommits = new StepCommits(announcing, codec, instances);
    this.activityWork = new ActivityWork(dialect, announcing, codec, probe);
    this.deadlines = new ActivityDeadlineSweep(dialect, announcing, codec);
    this.entities = new JdbcEntityStore(announcing, codec,
        new EntityClaims(announcing, codec, instances).withClaimLock(dialect.claimLockClause()));
    this.schedules = new Schedules(announcing, codec, instances);
  }

  /** The store's clock. */
  protected java.time.Clock clock() {
    return clock;
  }

  // ================================================================ client side

  @Override
  public void createInstance(NewInstance request) {
    instances.createInstance(request);
  }

  @Override
  public void sendMessage(String taskHub, String instanceId, HistoryEvent event, Instant visibleAt) {
    instances.sendMessage(taskHub, instanceId, event, visibleAt);
  }

  @Override
  public Optional<InstanceRecord> getInstance(String taskHub, String instanceId) {
    return queries.getInstance(taskHub, instanceId);
  }

  @Override
  public List<HistoryEvent> getHistory(String taskHub, String instanceId) {
    return queries.getHistory(taskHub, instanceId);
  }

  @Override
  public List<HistoryEvent> getHistorySlice(String taskHub, String instanceId, int offset, int limit) {
    return queries.getHistorySlice(taskHub, instanceId, offset, limit);
  }

  @Override
  public List<HistoryEvent> loadHistory(String taskHub, String instanceId, String executionId, int fromIndex) {
    return queries.loadHistory(taskHub, instanceId, executionId, fromIndex);
  }

  @Override
  public InstancePage queryInstances(String taskHub, InstanceQuery query) {
    return queries.queryInstances(taskHub, query);
  }

  @Override
  public java.util.Map<io.duraflow.api.OrchestrationRuntimeStatus, Long> countInstances(String taskHub, InstanceQuery query) {
    return queries.countInstances(taskHub, query);
  }

  @Override
  public boolean purgeInstance(String taskHub, String instanceId) {
    return instances.purgeInstance(taskHub, instanceId);
  }

  @Override
  public int purgeInstances(String taskHub, PurgeFilter filter) {
    return instances.purgeInstances(taskHub, filter);
  }

  @Override
  public io.duraflow.store.ScheduleStore schedules() {
    return schedules;
  }

  // ================================================================ worker side

  @Override
  public List<OrchestrationWorkItem> claimOrchestrationWorkItems(String owner, int max, Duration lease,
      Set<String> names) {
    return orchestrationClaims.claimOrchestrationWorkItems(owner, max, lease, names);
  }

  @Override
  public StepCommitResult createInstance(NewInstance request, OrchestrationStepCommit firstStep) {
    StepCommitResult result = stepCommits.createWithFirstStep(request, firstStep);
    afterCommit(firstStep, result);
    return result;
  }

  @Override
  public StepCommitResult commit(OrchestrationStepCommit commit) {
    StepCommitResult result = stepCommits.commit(commit);
    afterCommit(commit, result);
    return result;
  }

  private void afterCommit(OrchestrationStepCommit commit, StepCommitResult result) {
    if (commit.update().runtimeStatus().isTerminal() && !commit.item().instance().runtimeStatus().isTerminal()) {
      String hub = commit.item().taskHub();
      String id = commit.item().instanceId();
      completions.fire(hub, id, result.instance());
      announceCompletion(hub, id);
    }
  }

  /**
   * Tells other processes sharing the database that an instance finished (after the commit); no-op for a
   * single-process database.
   */
  protected void announceCompletion(String taskHub, String instanceId) {}

  /** This process's completion listeners, for backends that relay other nodes' completions. */
  protected CompletionListeners completionListeners() {
    return completions;
  }

  @Override
  public void abandon(OrchestrationWorkItem item, Duration delay) {
    orchestrationClaims.abandon(item, delay, false);
  }

  @Override
  public void abandonAfterFailure(OrchestrationWorkItem item, Duration delay) {
    orchestrationClaims.abandon(item, delay, true);
  }

  @Override
  public List<LeaseState> renewLeases(List<OrchestrationWorkItem> items, Duration lease) {
    return orchestrationClaims.renewLeases(items, lease);
  }

  @Override
  public List<ActivityWorkItem> claimActivityWorkItems(String owner, int max, Duration lease, Set<String> names) {
    return activityWork.claimActivityWorkItems(owner, max, lease, names, null);
  }

  @Override
  public List<ActivityWorkItem> claimActivityWorkItems(String owner, int max, Duration lease, Set<String> names,
      java.util.Map<String, Integer> nodeRoom) {
    return activityWork.claimActivityWorkItems(owner, max, lease, names, nodeRoom);
  }

  @Override
  public void setTags(String taskHub, String instanceId, java.util.Map<String, String> tags) {
    Objects.requireNonNull(tags, "tags");
    tags.forEach(InstanceTags::check); // before the transaction: bad input is the caller's error, not a store error
    runner.write("set tags of", instanceId, tx -> InstanceTags.addIfExists(tx, taskHub, instanceId, tags));
  }

  @Override
  public java.util.Map<String, String> getTags(String taskHub, String instanceId) {
    return runner.read("read tags of", instanceId, tx -> InstanceTags.read(tx, taskHub, instanceId));
  }

  @Override
  public void defineQueue(io.duraflow.store.QueueDefinition queue) {
    activityWork.defineQueue(queue);
  }

  @Override
  public void completeActivity(ActivityWorkItem item, HistoryEvent result) {
    activityWork.completeActivity(item, result);
  }

  @Override
  public void abandonActivity(ActivityWorkItem item, Duration delay) {
    activityWork.abandonActivity(item, delay);
  }

  @Override
  public boolean renewActivityLease(ActivityWorkItem item, Duration lease) {
    return activityWork.renewActivityLease(item, lease);
  }

  @Override
  public boolean recordActivityHeartbeat(ActivityWorkItem item, String details) {
    return deadlines.recordHeartbeat(item, details);
  }

  @Override
  public int expireActivities(int max) {
    return deadlines.expire(max);
  }

  @Override
  public void addWorkListener(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeWorkListener(Runnable listener) {
    listeners.remove(listener);
  }

  @Override
  public void addCompletionListener(CompletionListener listener) {
    completions.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeCompletionListener(CompletionListener listener) {
    completions.remove(listener);
  }

  /** Empty here: a backend that can make a node name exclusive (a file or advisory lock) overrides this. */
  @Override
  public Optional<NodeIdentity> lockNodeIdentity(String nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    return Optional.empty();
  }

  @Override
  public ReleasedLeases releaseLeasesOf(String owner) {
    return nodeLeases.releaseLeasesOf(owner);
  }

  @Override
  public List<LeaseHolder> leaseHolders() {
    return nodeLeases.leaseHolders();
  }

  @Override
  public void heartbeat(WorkerInfo worker) {
    workers.heartbeat(worker);
  }

  @Override
  public void removeWorker(String workerId) {
    workers.remove(workerId);
  }

  @Override
  public List<WorkerInfo> liveWorkers(Duration within) {
    return workers.live(within);
  }

  @Override
  public ReadyWorkNames readyWorkNames() {
    return workers.readyWorkNames();
  }

  @Override
  public QueueStats queueStats() {
    return queueDepths.queueStats();
  }

  @Override
  public io.duraflow.store.EntityStore entities() {
    return entities;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      runner.close();
    } finally {
      listeners.close();
    }
  }
}

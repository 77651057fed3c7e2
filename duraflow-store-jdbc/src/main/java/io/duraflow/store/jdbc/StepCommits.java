package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Inbox.deliver;
import static io.duraflow.store.jdbc.Instances.DELETE_HISTORY;
import static io.duraflow.store.jdbc.Rows.millis;
import static io.duraflow.store.jdbc.Rows.visibleMillis;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.SubOrchestrationInstanceFailed;
import io.duraflow.action.AttemptTimeouts;
import io.duraflow.history.TaskCancellationRequested;
import io.duraflow.store.ActivityLease;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.InboxMessage;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.InstanceUpdate;
import io.duraflow.store.LeaseLostException;
import io.duraflow.store.NewActivity;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.OutboundMessage;
import io.duraflow.store.StepCommitResult;
import io.duraflow.store.codec.HistoryEventCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit of one orchestration step, in one transaction: the instance row (version-checked; released or
 * kept leased), history, consumed messages and activity rows, sent messages, new activities (some created
 * already leased) and sub-orchestrations, then the instance's next ready time where the step changed it.
 */
final class StepCommits {

  // The store's logger name, as before the split, so that existing log configuration still applies.
  private static final Logger log = LoggerFactory.getLogger(JdbcOrchestrationStore.class);

  private static final String REFRESH_NEXT_VISIBLE = """
      UPDATE instances
         SET next_visible_at = (SELECT min(m.visible_at) FROM inbox m
                                 WHERE m.task_hub = instances.task_hub AND m.instance_id = instances.instance_id)
       WHERE task_hub = ? AND instance_id = ?
      RETURNING next_visible_at
      """;

  private static final String DELETE_MESSAGE = "DELETE FROM inbox WHERE id = ? AND task_hub = ? AND instance_id = ?";

  private static final String DELETE_COMPLETED_ACTIVITY = "DELETE FROM activities WHERE id = ? AND version = ?";

  /**
   * The last parameter skips the version check for an instance created in this same transaction (eager
   * start). Returns the new version (the kept lease's) and the ready time before this step's inbox changes.
   */
  private static final String COMMIT_INSTANCE = """
      UPDATE instances
         SET runtime_status = ?, name = COALESCE(?, name), execution_id = COALESCE(?, execution_id), input = ?,
             output = ?, custom_status = ?, failure_details = ?, last_updated_at = ?, history_size = ?,
             lock_owner = ?, lock_expires_at = ?, version = version + 1, failed_steps = 0,
             orchestration_version = COALESCE(?, orchestration_version)
       WHERE task_hub = ? AND instance_id = ? AND (version = ? OR ? = 1)
      RETURNING version, next_visible_at
      """;

  private static final String INSERT_HISTORY = """
      INSERT INTO history (task_hub, instance_id, execution_id, seq, event_type, event, ts)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """;

  private static final String INSERT_ACTIVITY = """
      INSERT INTO activities (task_hub, instance_id, execution_id, task_id, name, input, visible_at,
                              trace_parent, trace_state, queue, priority, version, dequeue_count,
                              start_to_close_ms, heartbeat_timeout_ms, schedule_to_close_at, heartbeat_details, timed)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)
      """;

  /** An activity created already leased to the committing worker (see {@link ActivityLease}). */
  private static final String INSERT_LEASED_ACTIVITY = """
      INSERT INTO activities (task_hub, instance_id, execution_id, task_id, name, input, visible_at,
                              lock_owner, lock_expires_at, trace_parent, trace_state, version, dequeue_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)
      RETURNING id
      """;

  private final TransactionRunner runner;
  private final HistoryEventCodec codec;
  private final Instances instances;

  StepCommits(TransactionRunner runner, HistoryEventCodec codec, Instances instances) {
    this.runner = runner;
    this.codec = codec;
    this.instances = instances;
  }

  StepCommitResult commit(OrchestrationStepCommit commit) {
    Objects.requireNonNull(commit, "commit");
    Encoded json = encode(commit);
    String failure = codec.encodeFailure(commit.update().failureDetails());
    return runner.write("commit step of", commit.item().instanceId(), tx -> applyCommit(tx, commit, json, failure, false));
  }

  /** Eager start: the instance and its first step in one transaction. */
  StepCommitResult createWithFirstStep(NewInstance request, OrchestrationStepCommit firstStep) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(firstStep, "firstStep");
    Encoded json = encode(firstStep).add(request.started());
    String failure = codec.encodeFailure(firstStep.update().failureDetails());
    return runner.write("create instance", request.instanceId(), tx -> {
      instances.createOrReplace(tx, request, true, json, false);
      return applyCommit(tx, firstStep, json, failure, true);
    });
  }

  private static StepCommitResult result(Tx tx, OrchestrationStepCommit commit, String executionId,
      List<ActivityWorkItem> leased, long newVersion, Long readyAt, int historySize, boolean created) {
    OrchestrationWorkItem item = commit.item();
    InstanceRecord before = item.instance();
    InstanceUpdate update = commit.update();
    // Exactly the row as written (timestamps at the stored millisecond precision), for waiters and holders.
    Instant now = Instant.ofEpochMilli(millis(tx.now()));
    InstanceRecord after = new InstanceRecord(item.taskHub(), item.instanceId(),
        update.name() != null ? update.name() : before.name(), executionId,
        update.runtimeStatus(), update.input(), update.output(), update.customStatus(), update.failureDetails(),
        created ? now : before.createdAt(), now, before.scheduledStartAt(), before.parent(), historySize,
        update.version() != null ? update.version() : before.version());
    if (commit.keepLease() == null) {
      return new StepCommitResult(leased, null, false, after);
    }
    boolean waiting = readyAt != null && readyAt <= millis(tx.now());
    return new StepCommitResult(leased, new OrchestrationWorkItem(after, newVersion, List.of()), waiting, after);
  }

  private Encoded encode(OrchestrationStepCommit commit) {
    Encoded json = new Encoded(codec).addAll(commit.history()); // JSON work stays off a serial writer
    commit.messages().forEach(m -> json.add(m.event()));
    commit.newInstances().forEach(n -> json.add(n.started()));
    return json;
  }

  /** One orchestration step; the version check comes first so that a lost lease writes nothing. */
  private StepCommitResult applyCommit(Tx tx, OrchestrationStepCommit commit, Encoded json, String failureJson,
      boolean created) throws SQLException {
    OrchestrationWorkItem item = commit.item();
    InstanceRecord before = item.instance();
    InstanceUpdate update = commit.update();
    String hub = item.taskHub();
    String id = item.instanceId();
    String executionId = update.executionId() != null ? update.executionId() : before.executionId();
    // The version check proves nobody committed since our claim, so the claimed size is still current.
    int firstSeq = commit.replaceHistory() || !Objects.equals(executionId, before.executionId()) ? 0 : before.historySize();
    int historySize = firstSeq + commit.history().size();
    boolean keep = commit.keepLease() != null;

    PreparedStatement ps = tx.statement(COMMIT_INSTANCE);
    int i = 1;
    ps.setString(i++, update.runtimeStatus().wireName());
    ps.setString(i++, update.name());
    ps.setString(i++, update.executionId());
    ps.setString(i++, update.input());
    ps.setString(i++, update.output());
    ps.setString(i++, update.customStatus());
    ps.setString(i++, failureJson);
    ps.setLong(i++, millis(tx.now()));
    ps.setInt(i++, historySize);
    ps.setString(i++, keep ? commit.keepLease().owner() : null);
    Rows.setMillis(ps, i++, keep ? tx.now().plus(commit.keepLease().lease()) : null);
    ps.setString(i++, update.version());
    ps.setString(i++, hub);
    ps.setString(i++, id);
    ps.setLong(i++, item.lockVersion());
    ps.setInt(i, created ? 1 : 0);
    long newVersion;
    Long readyAt;
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new LeaseLostException("orchestration work item (version " + item.lockVersion() + ")", id);
      }
      newVersion = rs.getLong(1);
      long v = rs.getLong(2);
      readyAt = rs.wasNull() ? null : v;
      if (rs.next()) {
        throw new IllegalStateException("Commit of instance '" + id + "' updated several rows; primary key broken?");
      }
    }

    deleteCompletedActivities(tx, commit);
    InstanceTags.add(tx, hub, id, update.tags()); // the version check above proved the instance is still ours
    if (update.runtimeStatus() == OrchestrationRuntimeStatus.TERMINATED) {
      ActivityDeadlineSweep.cancelActivitiesOf(tx, hub, id, null); // running attempts learn it on heartbeat or renewal
    }
    for (HistoryEvent e : commit.history()) {
      if (e instanceof TaskCancellationRequested cancel) { // the orchestration cancelled one activity call
        ActivityDeadlineSweep.cancelActivitiesOf(tx, hub, id, new ActivityDeadlineSweep.Task(executionId, cancel.targetTaskId()));
      }
    }
    if (commit.replaceHistory()) {
      PreparedStatement delete = tx.statement(DELETE_HISTORY);
      delete.setString(1, hub);
      delete.setString(2, id);
      delete.executeUpdate();
    }
    if (!commit.history().isEmpty()) {
      PreparedStatement insert = tx.statement(INSERT_HISTORY);
      int seq = firstSeq;
      for (HistoryEvent event : commit.history()) {
        insert.setString(1, hub);
        insert.setString(2, id);
        insert.setString(3, executionId);
        insert.setInt(4, seq++);
        insert.setString(5, event.eventType());
        insert.setString(6, json.get(event));
        insert.setLong(7, millis(event.timestamp() != null ? event.timestamp() : tx.now()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    if (!item.messages().isEmpty()) {
      PreparedStatement delete = tx.statement(DELETE_MESSAGE);
      for (InboxMessage m : item.messages()) {
        delete.setLong(1, m.id());
        delete.setString(2, hub);
        delete.setString(3, id);
        delete.addBatch();
      }
      delete.executeBatch();
    }
    List<ActivityWorkItem> leased = insertActivities(tx, commit, executionId);
    for (OutboundMessage m : commit.messages()) {
      Instant visibleAt = m.visibleAt() != null ? m.visibleAt() : tx.now();
      if (!deliver(tx, m.taskHub(), m.instanceId(), m.executionId(), m.event(), visibleAt, json)) {
        log.debug("Dropped {} from instance '{}' to unknown instance '{}' of task hub '{}'",
            m.event().eventType(), id, m.instanceId(), m.taskHub());
      } else if (m.taskHub().equals(hub) && m.instanceId().equals(id)) {
        readyAt = earliest(readyAt, visibleMillis(visibleAt));
      }
    }
    for (NewInstance child : commit.newInstances()) {
      OrchestrationRuntimeStatus holder = instances.createOrReplace(tx, child, false, json, true);
      if (holder != null) {
        // A running instance holds the id: the parent's task fails now instead of waiting forever.
        SubOrchestrationInstanceFailed refused = new SubOrchestrationInstanceFailed(tx.now(), child.started().parent().taskId(),
            new FailureDetails(InstanceAlreadyExistsException.class.getName(),
                new InstanceAlreadyExistsException(child.instanceId(), holder).getMessage()));
        deliver(tx, hub, id, executionId, refused, tx.now(), json);
        readyAt = earliest(readyAt, millis(tx.now()));
      }
    }
    if (!item.messages().isEmpty()) {
      // Last, after this step's deletes and self-addressed inserts: this instance's next ready time. Without
      // consumed messages it cannot have risen, and every delivery above lowered it already.
      PreparedStatement refresh = tx.statement(REFRESH_NEXT_VISIBLE);
      refresh.setString(1, hub);
      refresh.setString(2, id);
      try (ResultSet rs = refresh.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        readyAt = rs.wasNull() ? null : v;
      }
    }
    return result(tx, commit, executionId, leased, newVersion, readyAt, historySize, created);
  }

  private static Long earliest(Long readyAt, long candidate) {
    return readyAt == null ? candidate : Math.min(readyAt, candidate);
  }

  private static void deleteCompletedActivities(Tx tx, OrchestrationStepCommit commit) throws SQLException {
    if (commit.completedActivities().isEmpty()) {
      return;
    }
    PreparedStatement delete = tx.statement(DELETE_COMPLETED_ACTIVITY);
    for (ActivityWorkItem a : commit.completedActivities()) {
      delete.setLong(1, a.id());
      delete.setLong(2, a.lockVersion());
      delete.addBatch();
    }
    int[] counts = delete.executeBatch();
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] == 0) {
        ActivityWorkItem a = commit.completedActivities().get(k);
        throw new LeaseLostException("activity work item " + a.id() + " ('" + a.name() + "')", a.instanceId());
      }
    }
  }

  /** Binds the timeouts and heartbeat details of {@code a} to five parameters from {@code index}. */
  private static void bindTimeouts(PreparedStatement ps, int index, NewActivity a) throws SQLException {
    AttemptTimeouts t = a.timeouts();
    setNullableLong(ps, index, t == null || t.startToClose() == null ? null : t.startToClose().toMillis());
    setNullableLong(ps, index + 1, t == null || t.heartbeat() == null ? null : t.heartbeat().toMillis());
    setNullableLong(ps, index + 2, t == null || t.scheduleToCloseAt() == null ? null : millis(t.scheduleToCloseAt()));
    ps.setString(index + 3, a.heartbeatDetails());
    ps.setInt(index + 4, t == null ? 0 : 1);
  }

  private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, java.sql.Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static List<ActivityWorkItem> insertActivities(Tx tx, OrchestrationStepCommit commit, String executionId)
      throws SQLException {
    String hub = commit.item().taskHub();
    String id = commit.item().instanceId();
    List<ActivityWorkItem> leased = new ArrayList<>();
    ActivityLease lease = commit.activityLease();
    List<NewActivity> toLease = new ArrayList<>();
    List<NewActivity> visible = new ArrayList<>();
    for (NewActivity a : commit.activities()) {
      // Timed activities go through the inbox and work in a named queue waits for the queue's limits like any
      // other claim (see NewActivity#leasableWithStep): neither is leased with the step.
      (lease != null && toLease.size() < lease.max() && lease.covers(a.name())
          && a.leasableWithStep() ? toLease : visible).add(a);
    }
    if (!toLease.isEmpty()) {
      long expires = millis(tx.now().plus(lease.lease()));
      PreparedStatement insert = tx.statement(INSERT_LEASED_ACTIVITY);
      for (NewActivity a : toLease) {
        insert.setString(1, hub);
        insert.setString(2, id);
        insert.setString(3, executionId);
        insert.setInt(4, a.taskId());
        insert.setString(5, a.name());
        insert.setString(6, a.input());
        insert.setLong(7, expires);
        insert.setString(8, lease.owner());
        insert.setLong(9, expires);
        Rows.bindTrace(insert, 10, a.trace());
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          leased.add(new ActivityWorkItem(rs.getLong(1), hub, id, executionId, a.taskId(), a.name(), a.input(), 1, 1,
              a.trace()));
        }
      }
    }
    if (!visible.isEmpty()) {
      PreparedStatement insert = tx.statement(INSERT_ACTIVITY);
      for (NewActivity a : visible) {
        insert.setString(1, hub);
        insert.setString(2, id);
        insert.setString(3, executionId);
        insert.setInt(4, a.taskId());
        insert.setString(5, a.name());
        insert.setString(6, a.input());
        insert.setLong(7, millis(tx.now()));
        Rows.bindTrace(insert, 8, a.trace());
        insert.setString(10, a.queue());
        insert.setInt(11, a.priority());
        bindTimeouts(insert, 12, a);
        insert.addBatch();
      }
      insert.executeBatch();
      tx.markWorkAdded();
    }
    return leased;
  }
}

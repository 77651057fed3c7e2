package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Inbox.deliver;
import static io.duraflow.store.jdbc.Instances.DELETE_HISTORY;
import static io.duraflow.store.jdbc.Rows.millis;

import io.duraflow.history.HistoryEvent;
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
 * The commit of one orchestration step, in one transaction: the instance row (version-checked), history,
 * consumed and sent messages, new activities (some created already leased) and sub-orchestrations, then
 * the instance's next ready time.
 */
final class StepCommits {

  // The store's logger name, as before the split, so that existing log configuration still applies.
  private static final Logger log = LoggerFactory.getLogger(JdbcOrchestrationStore.class);

  private static final String REFRESH_NEXT_VISIBLE = """
      UPDATE instances
         SET next_visible_at = (SELECT min(m.visible_at) FROM inbox m
                                 WHERE m.task_hub = instances.task_hub AND m.instance_id = instances.instance_id)
       WHERE task_hub = ? AND instance_id = ?
      """;

  private static final String DELETE_MESSAGE = "DELETE FROM inbox WHERE id = ? AND task_hub = ? AND instance_id = ?";

  private static final String COMMIT_INSTANCE = """
      UPDATE instances
         SET runtime_status = ?, name = COALESCE(?, name), execution_id = COALESCE(?, execution_id), input = ?,
             output = ?, custom_status = ?, failure_details = ?, last_updated_at = ?, history_size = ?,
             lock_owner = NULL, lock_expires_at = NULL, version = version + 1
       WHERE task_hub = ? AND instance_id = ? AND version = ?
      """;

  private static final String INSERT_HISTORY = """
      INSERT INTO history (task_hub, instance_id, execution_id, seq, event_type, event, ts)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """;

  private static final String INSERT_ACTIVITY = """
      INSERT INTO activities (task_hub, instance_id, execution_id, task_id, name, input, visible_at,
                              version, dequeue_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)
      """;

  /** An activity created already leased to the committing worker (see {@link ActivityLease}). */
  private static final String INSERT_LEASED_ACTIVITY = """
      INSERT INTO activities (task_hub, instance_id, execution_id, task_id, name, input, visible_at,
                              lock_owner, lock_expires_at, version, dequeue_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)
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

  List<ActivityWorkItem> commit(OrchestrationStepCommit commit) {
    Objects.requireNonNull(commit, "commit");
    OrchestrationWorkItem item = commit.item();
    Encoded json = new Encoded(codec).addAll(commit.history());
    commit.messages().forEach(m -> json.add(m.event()));
    commit.newInstances().forEach(n -> json.add(n.started()));
    String failure = codec.encodeFailure(commit.update().failureDetails());
    return runner.write("commit step of", item.instanceId(), tx -> applyCommit(tx, commit, json, failure));
  }

  /** One orchestration step; the version check comes first so that a lost lease writes nothing. */
  private List<ActivityWorkItem> applyCommit(Tx tx, OrchestrationStepCommit commit, Encoded json, String failureJson)
      throws SQLException {
    OrchestrationWorkItem item = commit.item();
    InstanceRecord before = item.instance();
    InstanceUpdate update = commit.update();
    String hub = item.taskHub();
    String id = item.instanceId();
    String executionId = update.executionId() != null ? update.executionId() : before.executionId();
    // The version check proves nobody committed since our claim, so the claimed size is still current.
    int firstSeq = commit.replaceHistory() || !Objects.equals(executionId, before.executionId()) ? 0 : before.historySize();

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
    ps.setInt(i++, firstSeq + commit.history().size());
    ps.setString(i++, hub);
    ps.setString(i++, id);
    ps.setLong(i, item.lockVersion());
    int rows = ps.executeUpdate();
    if (rows == 0) {
      throw new LeaseLostException("orchestration work item (version " + item.lockVersion() + ")", id);
    }
    if (rows > 1) {
      throw new IllegalStateException("Commit of instance '" + id + "' updated " + rows + " rows; primary key broken?");
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
    List<ActivityWorkItem> leased = new ArrayList<>();
    ActivityLease lease = commit.activityLease();
    int leaseCount = lease == null ? 0 : Math.min(lease.max(), commit.activities().size());
    if (leaseCount > 0) {
      long expires = millis(tx.now().plus(lease.lease()));
      PreparedStatement insert = tx.statement(INSERT_LEASED_ACTIVITY);
      for (NewActivity a : commit.activities().subList(0, leaseCount)) {
        insert.setString(1, hub);
        insert.setString(2, id);
        insert.setString(3, executionId);
        insert.setInt(4, a.taskId());
        insert.setString(5, a.name());
        insert.setString(6, a.input());
        insert.setLong(7, expires);
        insert.setString(8, lease.owner());
        insert.setLong(9, expires);
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          leased.add(new ActivityWorkItem(rs.getLong(1), hub, id, executionId, a.taskId(), a.name(), a.input(), 1, 1));
        }
      }
    }
    if (commit.activities().size() > leaseCount) {
      PreparedStatement insert = tx.statement(INSERT_ACTIVITY);
      for (NewActivity a : commit.activities().subList(leaseCount, commit.activities().size())) {
        insert.setString(1, hub);
        insert.setString(2, id);
        insert.setString(3, executionId);
        insert.setInt(4, a.taskId());
        insert.setString(5, a.name());
        insert.setString(6, a.input());
        insert.setLong(7, millis(tx.now()));
        insert.addBatch();
      }
      insert.executeBatch();
      tx.markWorkAdded();
    }
    for (OutboundMessage m : commit.messages()) {
      Instant visibleAt = m.visibleAt() != null ? m.visibleAt() : tx.now();
      if (!deliver(tx, m.taskHub(), m.instanceId(), m.executionId(), m.event(), visibleAt, json)) {
        log.debug("Dropped {} from instance '{}' to unknown instance '{}' of task hub '{}'",
            m.event().eventType(), id, m.instanceId(), m.taskHub());
      }
    }
    for (NewInstance child : commit.newInstances()) {
      instances.createOrReplace(tx, child, false, json);
    }
    // Last, after this step's deletes and self-addressed inserts: this instance's next ready time.
    PreparedStatement refresh = tx.statement(REFRESH_NEXT_VISIBLE);
    refresh.setString(1, hub);
    refresh.setString(2, id);
    refresh.executeUpdate();
    return leased;
  }
}

package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Inbox.deliver;
import static io.duraflow.store.jdbc.Inbox.insertInbox;
import static io.duraflow.store.jdbc.Rows.millis;
import static io.duraflow.store.jdbc.Rows.setMillis;
import static io.duraflow.store.jdbc.Rows.setVisibleMillis;

import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.InvalidInstanceStateException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.IdReusePolicy;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.NewInstance;
import io.duraflow.store.PurgeFilter;
import io.duraflow.store.StoreException;
import io.duraflow.store.codec.HistoryEventCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Instance lifecycle on the client side: create (or replace a terminal instance), send a message, purge.
 * {@link StepCommits} creates sub-orchestrations through {@link #createOrReplace} as well.
 */
final class Instances {

  private static final String TERMINAL_STATUSES =
      Arrays.stream(OrchestrationRuntimeStatus.values())
          .filter(OrchestrationRuntimeStatus::isTerminal)
          .map(s -> "'" + s.wireName() + "'")
          .collect(Collectors.joining(", ", "(", ")"));

  private static final String INSERT_INSTANCE_IF_ABSENT = """
      INSERT INTO instances (task_hub, instance_id, name, execution_id, runtime_status, input,
                             created_at, last_updated_at, scheduled_start_at, parent_instance_id,
                             parent_task_hub, parent_execution_id, parent_task_id,
                             history_size, next_visible_at, queue, priority, version, orchestration_version)
      VALUES (?, ?, ?, ?, 'Pending', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, ?)
      ON CONFLICT (task_hub, instance_id) DO NOTHING
      """;

  /** Replaces a terminal instance in place; the version keeps growing so stale leases stay stale. */
  private static final String REPLACE_TERMINAL_INSTANCE = """
      UPDATE instances
         SET name = ?, execution_id = ?, runtime_status = 'Pending', input = ?, output = NULL,
             custom_status = NULL, failure_details = NULL, created_at = ?, last_updated_at = ?,
             scheduled_start_at = ?, parent_instance_id = ?, parent_task_hub = ?, parent_execution_id = ?,
             parent_task_id = ?, history_size = 0, next_visible_at = ?, queue = ?, priority = ?,
             lock_owner = NULL, lock_expires_at = NULL, version = version + 1, failed_steps = 0,
             orchestration_version = ?
       WHERE task_hub = ? AND instance_id = ? AND runtime_status IN """ + TERMINAL_STATUSES;

  /** The replacement whatever the status (TERMINATE_IF_RUNNING; the caller holds the row lock). */
  private static final String REPLACE_ANY_INSTANCE =
      REPLACE_TERMINAL_INSTANCE.substring(0, REPLACE_TERMINAL_INSTANCE.indexOf(" AND runtime_status IN"));

  private static final String SELECT_STATUS = """
      SELECT runtime_status FROM instances WHERE task_hub = ? AND instance_id = ?
      """;

  private static final String DELETE_INSTANCE = "DELETE FROM instances WHERE task_hub = ? AND instance_id = ?";
  static final String DELETE_HISTORY = "DELETE FROM history WHERE task_hub = ? AND instance_id = ?";
  private static final String DELETE_INBOX = "DELETE FROM inbox WHERE task_hub = ? AND instance_id = ?";
  private static final String DELETE_ACTIVITIES = "DELETE FROM activities WHERE task_hub = ? AND instance_id = ?";

  private static final String SELECT_PURGEABLE = "SELECT instance_id FROM instances WHERE task_hub = ?";

  private final SqlDialect dialect;
  private final TransactionRunner runner;
  private final HistoryEventCodec codec;
  private final String selectStatusForUpdateSql;

  Instances(SqlDialect dialect, TransactionRunner runner, HistoryEventCodec codec) {
    this.dialect = dialect;
    this.runner = runner;
    this.codec = codec;
    this.selectStatusForUpdateSql = SELECT_STATUS.strip() + " " + dialect.rowLockClause();
  }

  void createInstance(NewInstance request) {
    Objects.requireNonNull(request, "request");
    Encoded json = new Encoded(codec).add(request.started()); // JSON work stays off a serial writer
    runner.write("create instance", request.instanceId(), tx -> {
      createOrReplace(tx, request, true, json, true);
      return null;
    });
  }

  /**
   * Inserts the instance and (with {@code startMessage}) its ExecutionStarted message; replaces a terminal
   * one. A non-terminal one makes this throw (client create) or return its status (sub-orchestration: left
   * alone).
   *
   * @return null when the instance was created, else the status of the instance that holds the id
   */
  OrchestrationRuntimeStatus createOrReplace(Tx tx, NewInstance r, boolean failIfActive, Encoded json, boolean startMessage)
      throws SQLException {
    ExecutionStarted s = r.started();
    Objects.requireNonNull(s.executionId(), "started.executionId");
    Instant visibleAt = s.scheduledStartAt() != null ? s.scheduledStartAt() : tx.now();
    ExecutionStarted.ParentInstance parent = s.parent();
    String name = s.name() == null ? "" : s.name();
    PreparedStatement insert = tx.statement(INSERT_INSTANCE_IF_ABSENT);
    int i = 1;
    insert.setString(i++, r.taskHub());
    insert.setString(i++, r.instanceId());
    insert.setString(i++, name);
    insert.setString(i++, s.executionId());
    insert.setString(i++, s.input());
    insert.setLong(i++, millis(tx.now()));
    insert.setLong(i++, millis(tx.now()));
    setMillis(insert, i++, s.scheduledStartAt());
    i = setParent(insert, i, parent);
    setVisibleMillis(insert, i++, startMessage ? visibleAt : null);
    insert.setString(i++, r.queue());
    insert.setInt(i++, r.priority());
    insert.setString(i, s.version());
    if (insert.executeUpdate() == 0) {
      OrchestrationRuntimeStatus held = replaceExisting(tx, r, failIfActive, visibleAt, startMessage);
      if (held != null) {
        return held;
      }
      deleteChildren(tx, r.taskHub(), r.instanceId(), false);
      InstanceTags.delete(tx, r.taskHub(), r.instanceId());
    }
    InstanceTags.add(tx, r.taskHub(), r.instanceId(), r.tags());
    if (startMessage) {
      insertInbox(tx, r.taskHub(), r.instanceId(), s.executionId(), s, visibleAt, json);
      tx.markWorkAdded();
    }
    return null;
  }

  /**
   * The id is held: replaces the instance when its status and the request's id policy allow it, else
   * throws or (sub-orchestrations, {@link IdReusePolicy#USE_EXISTING}) returns the holder's status.
   *
   * @return null when the instance was replaced
   */
  private OrchestrationRuntimeStatus replaceExisting(Tx tx, NewInstance r, boolean failIfActive, Instant visibleAt,
      boolean startMessage) throws SQLException {
    // The plain case tries the replace first: one statement for the common reuse of a finished id.
    if (r.reuseCompleted() && replace(tx, r, REPLACE_TERMINAL_INSTANCE, visibleAt, startMessage)) {
      return null;
    }
    OrchestrationRuntimeStatus status = selectStatus(tx, r.taskHub(), r.instanceId(),
        r.idReuse() == IdReusePolicy.TERMINATE_IF_RUNNING);
    if (status == null) {
      // Purged between our insert attempt and the replace (PostgreSQL only): rare, retryable.
      throw new StoreException("Instance '" + r.instanceId() + "' was purged while being created; retry", null);
    }
    if (r.idReuse() == IdReusePolicy.USE_EXISTING) {
      return status;
    }
    if (status.isTerminal()) { // reuse of finished ids is denied
      throw new InstanceAlreadyExistsException(r.instanceId(), "Instance '" + r.instanceId() + "' already exists"
          + " and is " + status.wireName() + ", and this start denies reuse of a finished instance's id;"
          + " purge it or start with another id");
    }
    if (r.idReuse() == IdReusePolicy.TERMINATE_IF_RUNNING && replace(tx, r, REPLACE_ANY_INSTANCE, visibleAt, startMessage)) {
      return null;
    }
    if (failIfActive) {
      throw new InstanceAlreadyExistsException(r.instanceId(), status);
    }
    return status;
  }

  private boolean replace(Tx tx, NewInstance r, String sql, Instant visibleAt, boolean startMessage)
      throws SQLException {
    ExecutionStarted s = r.started();
    PreparedStatement replace = tx.statement(sql);
    int i = 1;
    replace.setString(i++, s.name() == null ? "" : s.name());
    replace.setString(i++, s.executionId());
    replace.setString(i++, s.input());
    replace.setLong(i++, millis(tx.now()));
    replace.setLong(i++, millis(tx.now()));
    setMillis(replace, i++, s.scheduledStartAt());
    i = setParent(replace, i, s.parent());
    setVisibleMillis(replace, i++, startMessage ? visibleAt : null);
    replace.setString(i++, r.queue());
    replace.setInt(i++, r.priority());
    replace.setString(i++, s.version());
    replace.setString(i++, r.taskHub());
    replace.setString(i, r.instanceId());
    return replace.executeUpdate() == 1;
  }

  private static int setParent(PreparedStatement ps, int i, ExecutionStarted.ParentInstance parent) throws SQLException {
    ps.setString(i++, parent == null ? null : parent.instanceId());
    ps.setString(i++, parent == null ? null : parent.taskHub());
    ps.setString(i++, parent == null ? null : parent.executionId());
    if (parent == null) {
      ps.setNull(i++, java.sql.Types.INTEGER);
    } else {
      ps.setInt(i++, parent.taskId());
    }
    return i;
  }

  private void deleteChildren(Tx tx, String hub, String id, boolean instanceToo) throws SQLException {
    for (String sql : instanceToo
        ? List.of(DELETE_HISTORY, DELETE_INBOX, DELETE_ACTIVITIES, InstanceTags.DELETE, DELETE_INSTANCE)
        : List.of(DELETE_HISTORY, DELETE_INBOX, DELETE_ACTIVITIES)) {
      PreparedStatement ps = tx.statement(sql);
      ps.setString(1, hub);
      ps.setString(2, id);
      ps.executeUpdate();
    }
  }

  private OrchestrationRuntimeStatus selectStatus(Tx tx, String hub, String id, boolean lock) throws SQLException {
    PreparedStatement ps = tx.statement(lock ? selectStatusForUpdateSql : SELECT_STATUS);
    ps.setString(1, hub);
    ps.setString(2, id);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? OrchestrationRuntimeStatus.parse(rs.getString(1)) : null;
    }
  }

  void sendMessage(String taskHub, String instanceId, HistoryEvent event, Instant visibleAt) {
    Objects.requireNonNull(taskHub, "taskHub");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(event, "event");
    Encoded json = new Encoded(codec).add(event);
    runner.write("send " + event.eventType() + " to", instanceId, tx -> {
      if (!deliver(tx, taskHub, instanceId, null, event, visibleAt == null ? tx.now() : visibleAt, json)) {
        throw new InstanceNotFoundException(taskHub, instanceId);
      }
      return null;
    });
  }

  boolean purgeInstance(String taskHub, String instanceId) {
    return runner.write("purge", instanceId, tx -> {
      OrchestrationRuntimeStatus status = selectStatus(tx, taskHub, instanceId, true);
      if (status == null) {
        return false;
      }
      if (!status.isTerminal()) {
        throw new InvalidInstanceStateException(instanceId, status, "purge");
      }
      deleteChildren(tx, taskHub, instanceId, true);
      return true;
    });
  }

  int purgeInstances(String taskHub, PurgeFilter filter) {
    Objects.requireNonNull(filter, "filter");
    Set<OrchestrationRuntimeStatus> statuses = EnumSet.noneOf(OrchestrationRuntimeStatus.class);
    for (OrchestrationRuntimeStatus s : OrchestrationRuntimeStatus.values()) {
      if (s.isTerminal() && (filter.runtimeStatus().isEmpty() || filter.runtimeStatus().contains(s))) {
        statuses.add(s);
      }
    }
    if (statuses.isEmpty()) {
      return 0;
    }
    // The listing's filters, so that purging and listing select instances alike.
    InstanceQuery query = new InstanceQuery(statuses, filter.createdFrom(), filter.createdTo(), null, 1, null);
    String sql = SELECT_PURGEABLE + InstanceQueries.filters(query) + " " + dialect.rowLockClause();
    return runner.write("purge instances of task hub '" + taskHub + "'", null, tx -> {
      PreparedStatement ps = tx.statement(sql);
      InstanceQueries.bindFilters(ps, taskHub, query);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      // The rows are locked (PostgreSQL) or the writer is alone (SQLite): they stay terminal until commit.
      for (String sqlText : List.of(DELETE_HISTORY, DELETE_INBOX, DELETE_ACTIVITIES, InstanceTags.DELETE, DELETE_INSTANCE)) {
        PreparedStatement delete = tx.statement(sqlText);
        for (String id : ids) {
          delete.setString(1, taskHub);
          delete.setString(2, id);
          delete.addBatch();
        }
        if (!ids.isEmpty()) {
          delete.executeBatch();
        }
      }
      return ids.size();
    });
  }
}

package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Inbox.deliver;
import static io.duraflow.store.jdbc.Rows.millis;

import io.duraflow.api.ActivityTimeoutKind;
import io.duraflow.api.FailureDetails;
import io.duraflow.history.TaskFailed;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.codec.HistoryEventCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activity timeouts, heartbeats and cancellation in the store.
 *
 * <p>Design note: an attempt's deadlines live on its row (start-to-close and heartbeat timeout as durations,
 * the schedule-to-close deadline as a point in time, {@code started_at} from its first claim,
 * {@code heartbeat_at} from its last heartbeat), so they are enforced by whichever node sweeps next, not by
 * the node running the attempt: a dead or hung node cannot keep an attempt alive. The sweep deletes an
 * expired row (version-checked, under the claim lock) and delivers the {@code TaskFailed} in the same
 * transaction, so each attempt ends exactly once; the late result of an expired attempt then finds no row and
 * is dropped as a lost lease, and a heartbeat of it returns false (the activity sees cancellation).
 * Heartbeats do not bump the version: completion of a heartbeating attempt still matches its claim.
 */
final class ActivityDeadlineSweep {
  private static final Logger log = LoggerFactory.getLogger(JdbcOrchestrationStore.class);

  private static final String DUE = """
       WHERE timed = 1
         AND (schedule_to_close_at <= ?
              OR started_at + start_to_close_ms <= ?
              OR COALESCE(heartbeat_at, started_at) + heartbeat_timeout_ms <= ?
              OR (cancel_requested = 1 AND (lock_expires_at IS NULL OR lock_expires_at <= ?)))
      """;

  private static final String PROBE_DUE = "SELECT 1 FROM activities" + DUE + " LIMIT 1";

  /** %s: the dialect's claim lock clause, so that two sweeping nodes take different rows. */
  private static final String SELECT_DUE = """
      SELECT id, version, task_hub, instance_id, execution_id, task_id, name, heartbeat_details,
             start_to_close_ms, heartbeat_timeout_ms, schedule_to_close_at, started_at, heartbeat_at, cancel_requested
        FROM activities
      """ + DUE + " ORDER BY id LIMIT ? %s";

  private static final String DELETE_ROW = "DELETE FROM activities WHERE id = ? AND version = ?";

  private static final String HEARTBEAT = """
      UPDATE activities SET heartbeat_at = ?, heartbeat_details = ?
       WHERE id = ? AND version = ? AND cancel_requested = 0
      """;

  /** Cancellation: rows nobody runs go at once; running attempts are asked to stop. %s: a task filter. */
  private static final String DELETE_IDLE = """
      DELETE FROM activities
       WHERE task_hub = ? AND instance_id = ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)%s
      """;

  private static final String CANCEL_RUNNING = """
      UPDATE activities SET cancel_requested = 1, timed = 1 WHERE task_hub = ? AND instance_id = ?%s
      """;

  private static final String ONE_TASK = " AND execution_id = ? AND task_id = ?";

  private final TransactionRunner runner;
  private final HistoryEventCodec codec;
  private final String selectDueSql;

  ActivityDeadlineSweep(SqlDialect dialect, TransactionRunner runner, HistoryEventCodec codec) {
    this.runner = runner;
    this.codec = codec;
    this.selectDueSql = SELECT_DUE.formatted(dialect.claimLockClause());
  }

  boolean recordHeartbeat(ActivityWorkItem item, String details) {
    Objects.requireNonNull(item, "item");
    return runner.write("record heartbeat of activity '" + item.name() + "' of", item.instanceId(), tx -> {
      PreparedStatement ps = tx.statement(HEARTBEAT);
      ps.setLong(1, millis(tx.now()));
      ps.setString(2, details);
      ps.setLong(3, item.id());
      ps.setLong(4, item.lockVersion());
      return ps.executeUpdate() == 1;
    });
  }

  int expire(int max) {
    if (max <= 0) {
      return 0;
    }
    // A read first: the common answer is "nothing due", and on SQLite a write transaction would queue behind
    // the group commit writer on every sweep of every node.
    boolean due = runner.read("probe for expired activities", null, tx -> {
      PreparedStatement ps = tx.statement(PROBE_DUE);
      bindNow(ps, millis(tx.now()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
    if (!due) {
      return 0;
    }
    return runner.write("expire activities", null, tx -> {
      long now = millis(tx.now());
      PreparedStatement select = tx.statement(selectDueSql);
      bindNow(select, now);
      select.setInt(5, max);
      List<DueRow> rows = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rows.add(DueRow.read(rs));
        }
      }
      int ended = 0;
      PreparedStatement delete = tx.statement(DELETE_ROW);
      for (DueRow row : rows) {
        delete.setLong(1, row.id);
        delete.setLong(2, row.version);
        if (delete.executeUpdate() == 0) {
          continue; // completed or swept by another node meanwhile
        }
        ended++;
        if (row.canceled) {
          continue; // its instance ended: nobody waits for a result
        }
        TaskFailed failed = new TaskFailed(tx.now(), row.taskId, row.failure(now), row.heartbeatDetails);
        if (!deliver(tx, row.hub, row.instanceId, row.executionId, failed, tx.now(), new Encoded(codec).add(failed))) {
          log.debug("Dropped timeout of activity '{}' for deleted instance '{}'", row.name, row.instanceId);
        }
      }
      return ended;
    });
  }

  /** One activity task of an execution. */
  record Task(String executionId, int taskId) {}

  /**
   * Called in the commit of a step that terminated its instance ({@code task} null: all its activities) or
   * cancelled one activity call.
   */
  static void cancelActivitiesOf(Tx tx, String hub, String instanceId, Task task) throws SQLException {
    String filter = task == null ? "" : ONE_TASK;
    PreparedStatement delete = tx.statement(DELETE_IDLE.formatted(filter));
    delete.setString(1, hub);
    delete.setString(2, instanceId);
    delete.setLong(3, millis(tx.now()));
    bindTask(delete, 4, task);
    delete.executeUpdate();
    PreparedStatement cancel = tx.statement(CANCEL_RUNNING.formatted(filter));
    cancel.setString(1, hub);
    cancel.setString(2, instanceId);
    bindTask(cancel, 3, task);
    cancel.executeUpdate();
  }

  private static void bindTask(PreparedStatement ps, int index, Task task) throws SQLException {
    if (task != null) {
      ps.setString(index, task.executionId());
      ps.setInt(index + 1, task.taskId());
    }
  }

  private static void bindNow(PreparedStatement ps, long now) throws SQLException {
    for (int i = 1; i <= 4; i++) {
      ps.setLong(i, now);
    }
  }

  /** One row the sweep found due. */
  private record DueRow(long id, long version, String hub, String instanceId, String executionId, int taskId,
      String name, String heartbeatDetails, Long startToCloseMs, Long heartbeatMs, Long scheduleToCloseAt,
      Long startedAt, Long heartbeatAt, boolean canceled) {

    static DueRow read(ResultSet rs) throws SQLException {
      return new DueRow(rs.getLong("id"), rs.getLong("version"), rs.getString("task_hub"), rs.getString("instance_id"),
          rs.getString("execution_id"), rs.getInt("task_id"), rs.getString("name"), rs.getString("heartbeat_details"),
          nullableLong(rs, "start_to_close_ms"), nullableLong(rs, "heartbeat_timeout_ms"),
          nullableLong(rs, "schedule_to_close_at"), nullableLong(rs, "started_at"), nullableLong(rs, "heartbeat_at"),
          rs.getInt("cancel_requested") != 0);
    }

    /** The timeout that expired first (several may be due when the sweep comes late). */
    FailureDetails failure(long now) {
      ActivityTimeoutKind kind = null;
      long earliest = Long.MAX_VALUE;
      if (scheduleToCloseAt != null && scheduleToCloseAt <= now) {
        kind = ActivityTimeoutKind.SCHEDULE_TO_CLOSE;
        earliest = scheduleToCloseAt;
      }
      if (startedAt != null && startToCloseMs != null && startedAt + startToCloseMs <= now
          && startedAt + startToCloseMs < earliest) {
        kind = ActivityTimeoutKind.START_TO_CLOSE;
        earliest = startedAt + startToCloseMs;
      }
      long lastBeat = heartbeatAt != null ? heartbeatAt : startedAt != null ? startedAt : Long.MAX_VALUE;
      if (heartbeatMs != null && lastBeat != Long.MAX_VALUE && lastBeat + heartbeatMs <= now
          && lastBeat + heartbeatMs < earliest) {
        kind = ActivityTimeoutKind.HEARTBEAT;
      }
      String what = "Activity '" + name + "' (task #" + taskId + ") of instance '" + instanceId + "'";
      return kind.failure(switch (kind) {
        case START_TO_CLOSE -> what + " did not complete within its start-to-close timeout of "
            + Duration.ofMillis(startToCloseMs) + "; it started at " + Instant.ofEpochMilli(startedAt);
        case HEARTBEAT -> what + " sent no heartbeat within its heartbeat timeout of " + Duration.ofMillis(heartbeatMs)
            + "; the last was at " + Instant.ofEpochMilli(lastBeat);
        case SCHEDULE_TO_CLOSE -> what + " did not complete before its schedule-to-close deadline "
            + Instant.ofEpochMilli(scheduleToCloseAt);
      });
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
      long v = rs.getLong(column);
      return rs.wasNull() ? null : v;
    }
  }
}

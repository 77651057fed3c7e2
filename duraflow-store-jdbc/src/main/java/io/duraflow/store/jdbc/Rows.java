package io.duraflow.store.jdbc;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.TraceContext;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.codec.HistoryEventCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Row mapping shared by the store's statements: {@code instances} and {@code activities} rows to records,
 * and {@code Instant}s to and from the UTC epoch milliseconds that the {@code BIGINT} columns keep.
 */
final class Rows {

  /** The columns {@link #readInstance} reads, for {@code SELECT} and {@code RETURNING} lists. */
  static final String INSTANCE_COLUMNS =
      "task_hub, instance_id, name, execution_id, runtime_status, input, output, custom_status, failure_details,"
          + " created_at, last_updated_at, scheduled_start_at, parent_instance_id, parent_task_hub, parent_execution_id,"
          + " parent_task_id, history_size, version, orchestration_version";

  private Rows() {}

  static InstanceRecord readInstance(ResultSet rs, HistoryEventCodec codec) throws SQLException {
    FailureDetails failure = codec.decodeFailure(rs.getString("failure_details"));
    return new InstanceRecord(
        rs.getString("task_hub"),
        rs.getString("instance_id"),
        rs.getString("name"),
        rs.getString("execution_id"),
        OrchestrationRuntimeStatus.parse(rs.getString("runtime_status")),
        rs.getString("input"),
        rs.getString("output"),
        rs.getString("custom_status"),
        failure,
        getInstant(rs, "created_at"),
        getInstant(rs, "last_updated_at"),
        getInstant(rs, "scheduled_start_at"),
        readParent(rs),
        rs.getInt("history_size"),
        rs.getString("orchestration_version"));
  }

  private static ExecutionStarted.ParentInstance readParent(ResultSet rs) throws SQLException {
    String id = rs.getString("parent_instance_id");
    if (id == null) {
      return null;
    }
    int taskId = rs.getInt("parent_task_id");
    // A pre-V2/V3 child whose history held no parent address cannot report; -1 makes that visible.
    return new ExecutionStarted.ParentInstance(rs.getString("parent_task_hub"), id, rs.getString("parent_execution_id"),
        rs.wasNull() ? -1 : taskId);
  }

  /**
   * The activity columns {@link #readActivity} reads, for every statement that claims activities. It starts
   * with a space: a text block it follows ({@code SELECT """ + ...}) loses its trailing blank.
   */
  static final String ACTIVITY_COLUMNS = " id, task_hub, instance_id, execution_id, task_id, name, input, version,"
      + " dequeue_count, trace_parent, trace_state, heartbeat_timeout_ms, heartbeat_details, queue";

  /** An activity row; {@code bump} is added to version and dequeue count (1 for a row read before its claim). */
  static ActivityWorkItem readActivity(ResultSet rs, int bump) throws SQLException {
    return new ActivityWorkItem(
        rs.getLong("id"), rs.getString("task_hub"), rs.getString("instance_id"), rs.getString("execution_id"),
        rs.getInt("task_id"), rs.getString("name"), rs.getString("input"), rs.getLong("version") + bump,
        rs.getInt("dequeue_count") + bump, readTrace(rs), readMillis(rs, "heartbeat_timeout_ms"),
        rs.getString("heartbeat_details"), rs.getString("queue"));
  }

  private static java.time.Duration readMillis(ResultSet rs, String column) throws SQLException {
    long ms = rs.getLong(column);
    return rs.wasNull() ? null : java.time.Duration.ofMillis(ms);
  }

  /** The trace context in columns trace_parent, trace_state, or null (rows written before V5/V6 have none). */
  static TraceContext readTrace(ResultSet rs) throws SQLException {
    String parent = rs.getString("trace_parent");
    return parent == null ? null : new TraceContext(parent, rs.getString("trace_state"));
  }

  /** Binds {@code trace} (or two NULLs) to the parameters at {@code index} and {@code index + 1}. */
  static void bindTrace(PreparedStatement ps, int index, TraceContext trace) throws SQLException {
    ps.setString(index, trace == null ? null : trace.traceParent());
    ps.setString(index + 1, trace == null ? null : trace.traceState());
  }

  /** UTC epoch milliseconds; throws for instants beyond what a BIGINT of milliseconds can hold. */
  static long millis(Instant instant) {
    try {
      return instant.toEpochMilli();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("Instant " + instant + " is out of the storable range", e);
    }
  }

  /**
   * The first whole millisecond at or after {@code instant}: the stored time at which something due at
   * {@code instant} becomes visible. Rounding down instead would let a timer due 0.6 ms into a millisecond
   * fire 0.6 ms early, since claims compare against the transaction's time in whole milliseconds.
   */
  static long visibleMillis(Instant instant) {
    long floor = millis(instant);
    return instant.getNano() % 1_000_000 == 0 ? floor : Math.addExact(floor, 1);
  }

  static void setVisibleMillis(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, visibleMillis(instant));
    }
  }

  static void setMillis(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, millis(instant));
    }
  }

  private static Instant getInstant(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }
}

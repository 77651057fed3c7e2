package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.millis;
import static io.duraflow.store.jdbc.Rows.setMillis;

import io.duraflow.store.NewInstance;
import io.duraflow.store.ScheduleRecord;
import io.duraflow.store.ScheduleStore;
import io.duraflow.store.codec.HistoryEventCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code schedules} table (V9 on SQLite, V10 on PostgreSQL). Every change is a compare-and-set on
 * {@code version}: under PostgreSQL's READ COMMITTED a second {@code UPDATE} of the same row waits for the
 * first to commit, re-reads the row and then matches zero rows; on SQLite the single writer makes the
 * updates serial anyway. {@link #fire} runs that update first and creates the instance only after it
 * matched, in the same transaction, so the loser of a race writes nothing.
 */
final class Schedules implements ScheduleStore {

  private static final String COLUMNS = "task_hub, schedule_id, definition, next_due_at, buffered_due_at,"
      + " last_instance_id, paused, note, created_at, updated_at, version";

  private static final String INSERT = """
      INSERT INTO schedules (task_hub, schedule_id, definition, next_due_at, buffered_due_at, last_instance_id,
                             paused, note, created_at, updated_at, version)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
      ON CONFLICT (task_hub, schedule_id) DO NOTHING
      """;

  private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM schedules WHERE task_hub = ? AND schedule_id = ?";

  private static final String SELECT_HUB = "SELECT " + COLUMNS + " FROM schedules WHERE task_hub = ? ORDER BY schedule_id";

  private static final String SELECT_DUE = "SELECT " + COLUMNS + """
       FROM schedules
      WHERE paused = 0 AND (next_due_at <= ? OR buffered_due_at IS NOT NULL)
      ORDER BY next_due_at, task_hub, schedule_id
      LIMIT ?
      """;

  private static final String SELECT_EARLIEST = "SELECT min(next_due_at) FROM schedules WHERE paused = 0";

  private static final String UPDATE = """
      UPDATE schedules
         SET definition = ?, next_due_at = ?, buffered_due_at = ?, last_instance_id = ?, paused = ?, note = ?,
             updated_at = ?, version = version + 1
       WHERE task_hub = ? AND schedule_id = ? AND version = ?
      """;

  private static final String DELETE = "DELETE FROM schedules WHERE task_hub = ? AND schedule_id = ?";

  private final TransactionRunner runner;
  private final HistoryEventCodec codec;
  private final Instances instances;

  Schedules(TransactionRunner runner, HistoryEventCodec codec, Instances instances) {
    this.runner = runner;
    this.codec = codec;
    this.instances = instances;
  }

  @Override
  public boolean create(ScheduleRecord s) {
    Objects.requireNonNull(s, "schedule");
    return runner.write("create schedule " + s.scheduleId() + " for", null, tx -> {
      PreparedStatement ps = tx.statement(INSERT);
      int i = 1;
      ps.setString(i++, s.taskHub());
      ps.setString(i++, s.scheduleId());
      ps.setString(i++, s.definition());
      setMillis(ps, i++, s.nextDueAt());
      setMillis(ps, i++, s.bufferedDueAt());
      ps.setString(i++, s.lastInstanceId());
      ps.setInt(i++, s.paused() ? 1 : 0);
      ps.setString(i++, s.note());
      ps.setLong(i++, millis(tx.now()));
      ps.setLong(i, millis(tx.now()));
      return ps.executeUpdate() == 1;
    });
  }

  @Override
  public Optional<ScheduleRecord> get(String taskHub, String scheduleId) {
    return runner.read("read schedule " + scheduleId, null, tx -> {
      PreparedStatement ps = tx.statement(SELECT_ONE);
      ps.setString(1, taskHub);
      ps.setString(2, scheduleId);
      List<ScheduleRecord> rows = readAll(ps);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    });
  }

  @Override
  public List<ScheduleRecord> list(String taskHub) {
    return runner.read("list schedules of task hub " + taskHub, null, tx -> {
      PreparedStatement ps = tx.statement(SELECT_HUB);
      ps.setString(1, taskHub);
      return readAll(ps);
    });
  }

  @Override
  public List<ScheduleRecord> due(Instant until, int max) {
    return runner.read("list due schedules", null, tx -> {
      PreparedStatement ps = tx.statement(SELECT_DUE);
      ps.setLong(1, millis(until));
      ps.setInt(2, max);
      return readAll(ps);
    });
  }

  @Override
  public Optional<Instant> earliestDue() {
    return runner.read("find the earliest due schedule", null, tx -> {
      try (ResultSet rs = tx.statement(SELECT_EARLIEST).executeQuery()) {
        long value = rs.next() ? rs.getLong(1) : 0;
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
      }
    });
  }

  @Override
  public boolean update(ScheduleRecord s) {
    return fire(s, null);
  }

  @Override
  public boolean fire(ScheduleRecord s, NewInstance start) {
    Objects.requireNonNull(s, "schedule");
    Encoded json = start == null ? null : new Encoded(codec).add(start.started());
    return runner.write(start == null ? "update schedule " + s.scheduleId() + " for" : "start scheduled",
        start == null ? null : start.instanceId(), tx -> {
          if (!compareAndSet(tx, s)) {
            return false;
          }
          if (start != null) {
            // The client's create path: id-reuse rules are the same as for any start.
            instances.createOrReplace(tx, start, false, json, true);
          }
          return true;
        });
  }

  private static boolean compareAndSet(Tx tx, ScheduleRecord s) throws SQLException {
    PreparedStatement ps = tx.statement(UPDATE);
    int i = 1;
    ps.setString(i++, s.definition());
    setMillis(ps, i++, s.nextDueAt());
    setMillis(ps, i++, s.bufferedDueAt());
    ps.setString(i++, s.lastInstanceId());
    ps.setInt(i++, s.paused() ? 1 : 0);
    ps.setString(i++, s.note());
    ps.setLong(i++, millis(tx.now()));
    ps.setString(i++, s.taskHub());
    ps.setString(i++, s.scheduleId());
    ps.setLong(i, s.version());
    int rows = ps.executeUpdate();
    if (rows > 1) {
      throw new IllegalStateException("Schedule '" + s.scheduleId() + "' matched " + rows + " rows; the key is broken");
    }
    return rows == 1;
  }

  @Override
  public boolean delete(String taskHub, String scheduleId) {
    return runner.write("delete schedule " + scheduleId + " of", null, tx -> {
      PreparedStatement ps = tx.statement(DELETE);
      ps.setString(1, taskHub);
      ps.setString(2, scheduleId);
      return ps.executeUpdate() == 1;
    });
  }

  private static List<ScheduleRecord> readAll(PreparedStatement ps) throws SQLException {
    List<ScheduleRecord> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new ScheduleRecord(rs.getString("task_hub"), rs.getString("schedule_id"), rs.getString("definition"),
            instant(rs, "next_due_at"), instant(rs, "buffered_due_at"), rs.getString("last_instance_id"),
            rs.getInt("paused") != 0, rs.getString("note"), instant(rs, "created_at"), instant(rs, "updated_at"),
            rs.getLong("version")));
      }
    }
    return rows;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }
}

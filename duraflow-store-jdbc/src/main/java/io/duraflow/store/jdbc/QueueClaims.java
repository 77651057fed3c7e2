package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.millis;
import static io.duraflow.store.jdbc.Rows.readActivity;

import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.QueueDefinition;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Claims of activity work items in named task queues, under the queues' stored limits.
 *
 * <p>Design note. A queue's global concurrency is the number of its items leased now (lease not expired),
 * counted from the activities table itself, so a node that dies stops counting when its leases expire and
 * no counter can drift. Its rate limit is the number of claims in the last period, from {@code
 * queue_starts} (one row per claim, pruned as it ages out). Counting and claiming happen in the claim's own
 * transaction: SQLite runs write transactions one at a time, and on PostgreSQL the claim first locks the
 * queue rows it will count ({@code FOR UPDATE}, in name order so two claims never deadlock), which makes
 * concurrent claims of one queue on several nodes take turns while claims of other queues go on. Within a
 * queue, higher priority first, then oldest visible first ({@code activities_queue} index).
 *
 * <p>A queue no node defined has no limits: its items are claimed with the default queue's, see {@link
 * #UNLIMITED}.
 */
final class QueueClaims {

  /** The claim condition of work in no limited queue: the default queue, or a queue nobody defined. */
  static final String UNLIMITED =
      "(queue IS NULL OR NOT EXISTS (SELECT 1 FROM task_queues q WHERE q.name = activities.queue))";

  /** %s: the dialect's row lock clause, so that claims of the same queues on other nodes wait. */
  private static final String SELECT_QUEUES = """
      SELECT name, concurrency, rate_limit, rate_period_ms FROM task_queues ORDER BY name %s
      """;

  private static final String COUNT_LEASED = """
      SELECT COUNT(*) FROM activities WHERE queue = ? AND lock_owner IS NOT NULL AND lock_expires_at > ?
      """;

  /** Kinds of work a queue counts apart: its activity calls and its instances have a budget each. */
  static final String ACTIVITY = "activity";
  static final String INSTANCE = "instance";

  private static final String PRUNE_STARTS =
      "DELETE FROM queue_starts WHERE queue = ? AND kind = ? AND started_at <= ?";

  private static final String COUNT_STARTS =
      "SELECT COUNT(*) FROM queue_starts WHERE queue = ? AND kind = ? AND started_at > ?";

  private static final String INSERT_START = "INSERT INTO queue_starts (queue, kind, started_at) VALUES (?, ?, ?)";

  /** %s: the dialect's claim lock clause (PostgreSQL skips items another transaction holds). */
  private static final String SELECT_READY = """
      SELECT """ + Rows.ACTIVITY_COLUMNS + """
        FROM activities
       WHERE queue = ? AND visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
         AND cancel_requested = 0 /*names*/
       ORDER BY priority DESC, visible_at, id
       LIMIT ? %s
      """;

  private static final String UPSERT_QUEUE = """
      INSERT INTO task_queues (name, concurrency, rate_limit, rate_period_ms, updated_at)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET concurrency = excluded.concurrency, rate_limit = excluded.rate_limit,
             rate_period_ms = excluded.rate_period_ms, updated_at = excluded.updated_at
      """;

  private final String selectQueuesSql;
  private final String selectReadySql;

  QueueClaims(SqlDialect dialect) {
    this.selectQueuesSql = SELECT_QUEUES.formatted(dialect.rowLockClause());
    this.selectReadySql = SELECT_READY.formatted(dialect.claimLockClause());
  }

  /** A defined queue's stored limits. */
  record Limits(String name, Integer concurrency, Integer rateLimit, Long periodMillis) {}

  /**
   * Leases up to {@code max} ready items of the defined queues to {@code owner}, each queue within its
   * global limits and {@code nodeRoom}; in the caller's write transaction.
   */
  List<ActivityWorkItem> claim(Tx tx, String owner, int max, long now, long expires, Set<String> names,
      Map<String, Integer> nodeRoom) throws SQLException {
    List<Limits> queues = queues(tx);
    List<ActivityWorkItem> items = new ArrayList<>();
    for (Limits q : queues) {
      int room = max - items.size();
      if (room <= 0) {
        break;
      }
      Integer node = nodeRoom == null ? null : nodeRoom.get(q.name());
      if (node != null) {
        room = Math.min(room, node);
      }
      if (room > 0 && q.concurrency() != null) {
        room = Math.min(room, q.concurrency() - (int) count(tx, COUNT_LEASED, q.name(), now));
      }
      if (room > 0) {
        room = rateRoom(tx, q, ACTIVITY, room, now);
      }
      if (room > 0) {
        List<ActivityWorkItem> taken = lease(tx, q.name(), owner, room, now, expires, names);
        if (q.rateLimit() != null) {
          recordStarts(tx, q.name(), ACTIVITY, taken.size(), now);
        }
        items.addAll(taken);
      }
    }
    return items;
  }

  /** Stores or replaces a queue's limits. */
  void define(Tx tx, QueueDefinition queue) throws SQLException {
    PreparedStatement ps = tx.statement(UPSERT_QUEUE);
    ps.setString(1, queue.name());
    setInt(ps, 2, queue.concurrency());
    setInt(ps, 3, queue.rateLimit());
    if (queue.ratePeriod() == null) {
      ps.setNull(4, Types.BIGINT);
    } else {
      ps.setLong(4, queue.ratePeriod().toMillis());
    }
    ps.setLong(5, millis(tx.now()));
    ps.executeUpdate();
  }

  /** {@code room} lowered to what {@code q}'s rate limit leaves for {@code kind} now; prunes old starts. */
  static int rateRoom(Tx tx, Limits q, String kind, int room, long now) throws SQLException {
    if (q.rateLimit() == null) {
      return room;
    }
    long windowStart = now - q.periodMillis();
    PreparedStatement prune = tx.statement(PRUNE_STARTS);
    prune.setString(1, q.name());
    prune.setString(2, kind);
    prune.setLong(3, windowStart);
    prune.executeUpdate();
    PreparedStatement ps = tx.statement(COUNT_STARTS);
    ps.setString(1, q.name());
    ps.setString(2, kind);
    ps.setLong(3, windowStart);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return Math.min(room, q.rateLimit() - (int) rs.getLong(1));
    }
  }

  /** The defined queues, locked (PostgreSQL) in name order until the caller's transaction ends. */
  List<Limits> queues(Tx tx) throws SQLException {
    List<Limits> queues = new ArrayList<>();
    try (ResultSet rs = tx.statement(selectQueuesSql).executeQuery()) {
      while (rs.next()) {
        queues.add(new Limits(rs.getString(1), intOrNull(rs, 2), intOrNull(rs, 3),
            rs.getObject(4) == null ? null : rs.getLong(4)));
      }
    }
    return queues;
  }

  private List<ActivityWorkItem> lease(Tx tx, String queue, String owner, int room, long now, long expires,
      Set<String> names) throws SQLException {
    PreparedStatement select = tx.statement(NameFilter.apply(selectReadySql, names));
    select.setString(1, queue);
    select.setLong(2, now);
    select.setLong(3, now);
    select.setInt(NameFilter.bind(select, 4, names), room);
    List<ActivityWorkItem> ready = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        ready.add(readActivity(rs, 1)); // as the update below leaves it
      }
    }
    List<ActivityWorkItem> leased = new ArrayList<>();
    PreparedStatement update = tx.statement(ActivityWork.LEASE_ACTIVITY);
    for (ActivityWorkItem a : ready) {
      ActivityWork.bindLease(update, owner, expires, now, a);
      if (update.executeUpdate() == 1) { // the row is locked (or writes are serial): only a bug misses
        leased.add(a);
      }
    }
    return leased;
  }

  static void recordStarts(Tx tx, String queue, String kind, int n, long now) throws SQLException {
    if (n == 0) {
      return;
    }
    PreparedStatement insert = tx.statement(INSERT_START);
    for (int i = 0; i < n; i++) {
      insert.setString(1, queue);
      insert.setString(2, kind);
      insert.setLong(3, now);
      insert.addBatch();
    }
    insert.executeBatch();
  }

  static long count(Tx tx, String sql, String queue, long at) throws SQLException {
    PreparedStatement ps = tx.statement(sql);
    ps.setString(1, queue);
    ps.setLong(2, at);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Integer intOrNull(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, value);
    }
  }
}

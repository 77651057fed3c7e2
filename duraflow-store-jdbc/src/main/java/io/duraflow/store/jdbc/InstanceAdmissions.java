package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.INSTANCE_COLUMNS;
import static io.duraflow.store.jdbc.Rows.readInstance;

import io.duraflow.store.codec.HistoryEventCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Admission of instances started in a named task queue with limits: their first step is claimed only while
 * the queue has room, as DBOS dequeues workflows. An instance counts against its queue's concurrency from
 * that first claim until it finishes (Running, Suspended, between executions of a continue-as-new, or Pending
 * with a live lease); the rate limit
 * counts first claims per period. Once admitted, an instance's later steps are claimed like any other.
 *
 * <p>Counted and claimed in the orchestration claim's transaction, with the queue's row locked first on
 * PostgreSQL (queues in name order), as {@link QueueClaims} does for activities; instances and activities
 * of one queue have separate budgets, so an instance never waits for a slot its own activities hold.
 */
final class InstanceAdmissions {

  /**
   * The generic claim's condition: not a first step waiting for a limited queue. A terminate request
   * passes anyway, so that a queued instance can be ended at once.
   */
  static final String UNQUEUED = "(queue IS NULL OR runtime_status <> 'Pending'"
      + " OR NOT EXISTS (SELECT 1 FROM task_queues q WHERE q.name = instances.queue"
      + " AND (q.concurrency IS NOT NULL OR q.rate_limit IS NOT NULL))"
      + " OR EXISTS (SELECT 1 FROM inbox t WHERE t.task_hub = instances.task_hub"
      + " AND t.instance_id = instances.instance_id AND t.event_type = 'ExecutionTerminated'))";

  private static final String WAITING_QUEUES = """
      SELECT DISTINCT queue FROM instances
       WHERE queue IS NOT NULL AND runtime_status = 'Pending' AND next_visible_at <= ?
      """;

  /** %s: the dialect's row lock clause. */
  private static final String LOCK_QUEUE = """
      SELECT name, concurrency, rate_limit, rate_period_ms FROM task_queues
       WHERE name = ? AND (concurrency IS NOT NULL OR rate_limit IS NOT NULL) %s
      """;

  private static final String COUNT_ADMITTED = """
      SELECT COUNT(*) FROM instances
       WHERE queue = ? AND (runtime_status IN ('Running', 'Suspended', 'ContinuedAsNew')
                            OR (runtime_status = 'Pending' AND lock_expires_at > ?))
      """;

  /** %s: the dialect's claim lock clause. */
  private static final String SELECT_WAITING = "SELECT " + INSTANCE_COLUMNS + """
      , failed_steps
       FROM instances
      WHERE queue = ? AND runtime_status = 'Pending' AND next_visible_at <= ?
        AND (lock_expires_at IS NULL OR lock_expires_at <= ?) /*names*/
      ORDER BY priority DESC, next_visible_at
      LIMIT ? %s
      """;

  private static final String LEASE_INSTANCE = """
      UPDATE instances SET lock_owner = ?, lock_expires_at = ?, version = version + 1
       WHERE task_hub = ? AND instance_id = ? AND version = ?
      """;

  private final HistoryEventCodec codec;
  private final String lockQueueSql;
  private final String selectWaitingSql;

  InstanceAdmissions(SqlDialect dialect, HistoryEventCodec codec) {
    this.codec = codec;
    this.lockQueueSql = LOCK_QUEUE.formatted(dialect.rowLockClause());
    this.selectWaitingSql = SELECT_WAITING.formatted(dialect.claimLockClause());
  }

  /** Leases up to {@code max} first steps of queued instances that their queues have room for. */
  List<OrchestrationClaims.ClaimedInstance> admit(Tx tx, String owner, int max, long now, long expires,
      Set<String> names) throws SQLException {
    List<OrchestrationClaims.ClaimedInstance> admitted = new ArrayList<>();
    for (String queue : waitingQueues(tx, now)) {
      int room = max - admitted.size();
      if (room <= 0) {
        break;
      }
      QueueClaims.Limits q = lock(tx, queue);
      if (q == null) {
        continue; // no limits: the generic claim takes its instances
      }
      if (q.concurrency() != null) {
        room = Math.min(room, q.concurrency() - (int) QueueClaims.count(tx, COUNT_ADMITTED, queue, now));
      }
      if (room > 0) {
        room = QueueClaims.rateRoom(tx, q, QueueClaims.INSTANCE, room, now);
      }
      if (room > 0) {
        List<OrchestrationClaims.ClaimedInstance> taken = lease(tx, queue, owner, room, now, expires, names);
        if (q.rateLimit() != null) {
          QueueClaims.recordStarts(tx, queue, QueueClaims.INSTANCE, taken.size(), now);
        }
        admitted.addAll(taken);
      }
    }
    return admitted;
  }

  /** Queues with first steps ready, in name order: the order their rows are locked in. */
  private static Set<String> waitingQueues(Tx tx, long now) throws SQLException {
    PreparedStatement ps = tx.statement(WAITING_QUEUES);
    ps.setLong(1, now);
    Set<String> queues = new TreeSet<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        queues.add(rs.getString(1));
      }
    }
    return queues;
  }

  private QueueClaims.Limits lock(Tx tx, String queue) throws SQLException {
    PreparedStatement ps = tx.statement(lockQueueSql);
    ps.setString(1, queue);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      int c = rs.getInt(2);
      Integer concurrency = rs.wasNull() ? null : c;
      int r = rs.getInt(3);
      Integer rate = rs.wasNull() ? null : r;
      long p = rs.getLong(4);
      return new QueueClaims.Limits(queue, concurrency, rate, rs.wasNull() ? null : p);
    }
  }

  private List<OrchestrationClaims.ClaimedInstance> lease(Tx tx, String queue, String owner, int room, long now,
      long expires, Set<String> names) throws SQLException {
    // names are claim keys (name, or name@version): a worker admits only instances it has the code for.
    PreparedStatement select = tx.statement(NameFilter.applyToInstanceKeys(selectWaitingSql, names));
    select.setString(1, queue);
    select.setLong(2, now);
    select.setLong(3, now);
    select.setInt(NameFilter.bind(select, 4, names), room);
    List<OrchestrationClaims.ClaimedInstance> ready = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        ready.add(new OrchestrationClaims.ClaimedInstance(readInstance(rs, codec), rs.getLong("version") + 1,
            rs.getInt("failed_steps")));
      }
    }
    List<OrchestrationClaims.ClaimedInstance> leased = new ArrayList<>();
    PreparedStatement update = tx.statement(LEASE_INSTANCE);
    for (OrchestrationClaims.ClaimedInstance c : ready) {
      update.setString(1, owner);
      update.setLong(2, expires);
      update.setString(3, c.instance().taskHub());
      update.setString(4, c.instance().instanceId());
      update.setLong(5, c.version() - 1);
      if (update.executeUpdate() == 1) {
        leased.add(c);
      }
    }
    return leased;
  }
}

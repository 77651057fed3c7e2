package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.millis;

import io.duraflow.store.QueueStats;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The backlog of claimable work, for the queue gauges: the claims' own conditions (ready now, no live
 * lease), counted over the same ready indexes ({@code instances_ready}, {@code activities_ready}), so the
 * cost is a range scan over the work that is due, never over history. A stale (too early)
 * {@code next_visible_at} (see {@link JdbcOrchestrationStore}'s design note) can count an instance for a
 * moment before its next claim repairs it; for a gauge that is harmless.
 */
final class QueueDepths {

  private static final String READY_INSTANCES = """
      SELECT count(*), min(next_visible_at) FROM instances
       WHERE next_visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
      """;

  // Leased activities keep visible_at = lock_expires_at, so the lock test only matters for a lease that
  // expired: that item is claimable again and counts.
  private static final String READY_ACTIVITIES = """
      SELECT count(*), min(visible_at) FROM activities
       WHERE visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
      """;

  private final TransactionRunner runner;

  QueueDepths(TransactionRunner runner) {
    this.runner = runner;
  }

  QueueStats queueStats() {
    return runner.read("measure the work queues", null, tx -> {
      long now = millis(tx.now());
      return new QueueStats(backlog(tx, READY_INSTANCES, now), backlog(tx, READY_ACTIVITIES, now));
    });
  }

  private static QueueStats.Backlog backlog(Tx tx, String sql, long now) throws SQLException {
    PreparedStatement ps = tx.statement(sql);
    ps.setLong(1, now);
    ps.setLong(2, now);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      long ready = rs.getLong(1);
      long oldest = rs.getLong(2);
      boolean none = rs.wasNull();
      return ready == 0 || none ? QueueStats.Backlog.EMPTY : new QueueStats.Backlog(ready, Instant.ofEpochMilli(oldest));
    }
  }
}

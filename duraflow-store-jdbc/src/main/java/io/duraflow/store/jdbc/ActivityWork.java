package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Inbox.deliver;
import static io.duraflow.store.jdbc.Rows.millis;
import static io.duraflow.store.jdbc.Rows.readActivity;

import io.duraflow.history.HistoryEvent;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.LeaseLostException;
import io.duraflow.store.codec.HistoryEventCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activity work items: claim, complete (deliver the result to the instance's inbox), abandon and renew.
 * While leased, an activity's {@code visible_at} equals its {@code lock_expires_at}, so a claim is one
 * range scan. {@link StepCommits} creates the items.
 */
final class ActivityWork {

  // The store's logger name, as before the split, so that existing log configuration still applies.
  private static final Logger log = LoggerFactory.getLogger(JdbcOrchestrationStore.class);

  /** %s: the dialect's claim lock clause. While leased, visible_at equals lock_expires_at. */
  private static final String CLAIM_ACTIVITIES = """
      UPDATE activities
         SET lock_owner = ?, lock_expires_at = ?, visible_at = ?, version = version + 1,
             dequeue_count = dequeue_count + 1, started_at = COALESCE(started_at, ?)
       WHERE id IN (
             SELECT id FROM activities
              WHERE visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
                AND cancel_requested = 0 /*names*/
                AND """ + QueueClaims.UNLIMITED + """
              ORDER BY visible_at, id
              LIMIT ? %s)
      RETURNING """ + Rows.ACTIVITY_COLUMNS;

  private static final String SELECT_CLAIMABLE_ACTIVITIES = """
      SELECT """ + Rows.ACTIVITY_COLUMNS + """
        FROM activities
       WHERE visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
                AND cancel_requested = 0 /*names*/
         AND """ + QueueClaims.UNLIMITED + """
       ORDER BY visible_at, id
       LIMIT ?
      """;

  /** Leases one activity read before its claim; bound by {@link #bindLease}. Queue claims use it too. */
  static final String LEASE_ACTIVITY = """
      UPDATE activities
         SET lock_owner = ?, lock_expires_at = ?, visible_at = ?, version = version + 1,
             dequeue_count = dequeue_count + 1, started_at = COALESCE(started_at, ?)
       WHERE id = ? AND version = ?
      """;

  private static final String PROBE_CLAIMABLE_ACTIVITY = """
      SELECT 1 FROM activities
       WHERE visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
                AND cancel_requested = 0 /*names*/
       LIMIT 1
      """;

  private static final String DELETE_LEASED_ACTIVITY = "DELETE FROM activities WHERE id = ? AND version = ?";

  private static final String ABANDON_ACTIVITY = """
      UPDATE activities SET lock_owner = NULL, lock_expires_at = NULL, visible_at = ?, version = version + 1
       WHERE id = ? AND version = ?
      """;

  private static final String RENEW_ACTIVITY_LEASE = """
      UPDATE activities SET lock_expires_at = ?, visible_at = ?
       WHERE id = ? AND version = ? AND lock_owner IS NOT NULL AND cancel_requested = 0
      """;

  private final SqlDialect dialect;
  private final TransactionRunner runner;
  private final HistoryEventCodec codec;
  private final ClaimProbe probe;
  private final String claimActivitiesSql;
  private final QueueClaims queueClaims;

  ActivityWork(SqlDialect dialect, TransactionRunner runner, HistoryEventCodec codec, ClaimProbe probe) {
    this.dialect = dialect;
    this.runner = runner;
    this.codec = codec;
    this.probe = probe;
    this.claimActivitiesSql = CLAIM_ACTIVITIES.formatted(dialect.claimLockClause());
    this.queueClaims = new QueueClaims(dialect);
  }

  List<ActivityWorkItem> claimActivityWorkItems(String owner, int max, Duration lease, Set<String> names,
      Map<String, Integer> nodeRoom) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
    if (max <= 0 || NameFilter.excludesAll(names)
        || !probe.maybeClaimable(PROBE_CLAIMABLE_ACTIVITY, names, false, "probe for activity work items")) {
      return List.of();
    }
    return runner.write("claim activity work items for " + owner, null, tx -> {
      long now = millis(tx.now());
      long expires = millis(tx.now().plus(lease));
      // Limited queues first: their items wait for room, the default queue's never do.
      List<ActivityWorkItem> items = queueClaims.claim(tx, owner, max, now, expires, names, nodeRoom);
      if (items.size() >= max) {
        return items;
      }
      int left = max - items.size();
      if (dialect.serialWrites()) {
        PreparedStatement select = tx.statement(NameFilter.apply(SELECT_CLAIMABLE_ACTIVITIES, names));
        select.setLong(1, now);
        select.setLong(2, now);
        select.setInt(NameFilter.bind(select, 3, names), left);
        List<ActivityWorkItem> plain = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            plain.add(readActivity(rs, 1)); // as the update below leaves it
          }
        }
        if (plain.isEmpty()) {
          return items;
        }
        items.addAll(plain);
        PreparedStatement update = tx.statement(LEASE_ACTIVITY);
        for (ActivityWorkItem a : plain) {
          bindLease(update, owner, expires, now, a);
          update.addBatch();
        }
        update.executeBatch();
        return items;
      }
      PreparedStatement ps = tx.statement(NameFilter.apply(claimActivitiesSql, names));
      ps.setString(1, owner);
      ps.setLong(2, expires);
      ps.setLong(3, expires);
      ps.setLong(4, now);
      ps.setLong(5, now);
      ps.setLong(6, now);
      ps.setInt(NameFilter.bind(ps, 7, names), left);
      List<ActivityWorkItem> plain = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plain.add(readActivity(rs, 0));
        }
      }
      plain.sort(Comparator.comparingLong(ActivityWorkItem::id));
      items.addAll(plain);
      return items;
    });
  }

  void defineQueue(io.duraflow.store.QueueDefinition queue) {
    Objects.requireNonNull(queue, "queue");
    runner.write("define task queue '" + queue.name() + "'", null, tx -> {
      queueClaims.define(tx, queue);
      tx.markWorkAdded(); // new limits may admit waiting work
      return null;
    });
  }

  void completeActivity(ActivityWorkItem item, HistoryEvent result) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(result, "result");
    Encoded json = new Encoded(codec).add(result);
    runner.write("complete activity '" + item.name() + "' (task " + item.taskId() + ") of", item.instanceId(), tx -> {
      PreparedStatement ps = tx.statement(DELETE_LEASED_ACTIVITY);
      ps.setLong(1, item.id());
      ps.setLong(2, item.lockVersion());
      if (ps.executeUpdate() == 0) {
        throw new LeaseLostException("activity work item " + item.id() + " ('" + item.name() + "')", item.instanceId());
      }
      if (!deliver(tx, item.taskHub(), item.instanceId(), item.executionId(), result, tx.now(), json)) {
        log.debug("Dropped result of activity '{}' for deleted instance '{}'", item.name(), item.instanceId());
      }
      return null;
    });
  }

  void abandonActivity(ActivityWorkItem item, Duration delay) {
    Objects.requireNonNull(item, "item");
    Duration d = delay == null || delay.isNegative() ? Duration.ZERO : delay;
    runner.write("abandon activity '" + item.name() + "' of", item.instanceId(), tx -> {
      PreparedStatement ps = tx.statement(ABANDON_ACTIVITY);
      ps.setLong(1, millis(tx.now().plus(d)));
      ps.setLong(2, item.id());
      ps.setLong(3, item.lockVersion());
      if (ps.executeUpdate() == 0) {
        log.debug("Abandon of activity {} of instance '{}' found its lease already lost", item.id(), item.instanceId());
      } else if (d.isZero()) {
        tx.markWorkAdded();
      }
      return null;
    });
  }

  boolean renewActivityLease(ActivityWorkItem item, Duration lease) {
    Objects.requireNonNull(item, "item");
    return runner.write("renew lease of activity '" + item.name() + "' of", item.instanceId(), tx -> {
      long expires = millis(tx.now().plus(lease));
      PreparedStatement ps = tx.statement(RENEW_ACTIVITY_LEASE);
      ps.setLong(1, expires);
      ps.setLong(2, expires);
      ps.setLong(3, item.id());
      ps.setLong(4, item.lockVersion());
      return ps.executeUpdate() == 1;
    });
  }

  /**
   * Binds {@link #LEASE_ACTIVITY} for {@code item}, read by {@link Rows#readActivity} with a bump of 1 (its
   * version is the one the lease will leave).
   */
  static void bindLease(PreparedStatement update, String owner, long expires, long now, ActivityWorkItem item)
      throws SQLException {
    update.setString(1, owner);
    update.setLong(2, expires);
    update.setLong(3, expires);
    update.setLong(4, now); // the attempt's start, kept from its first claim (start-to-close counts from it)
    update.setLong(5, item.id());
    update.setLong(6, item.lockVersion() - 1);
  }
}

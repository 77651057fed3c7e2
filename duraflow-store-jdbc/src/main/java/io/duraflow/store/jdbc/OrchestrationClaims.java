package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.INSTANCE_COLUMNS;
import static io.duraflow.store.jdbc.Rows.millis;
import static io.duraflow.store.jdbc.Rows.readInstance;

import io.duraflow.store.InboxMessage;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.LeaseState;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.codec.HistoryEventCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orchestration work items: claim instances with visible messages, renew and abandon their leases. The
 * claim queries follow {@link JdbcOrchestrationStore}'s design note; {@link StepCommits} ends a lease by
 * committing the step.
 */
final class OrchestrationClaims {

  // The store's logger name, as before the split, so that existing log configuration still applies.
  private static final Logger log = LoggerFactory.getLogger(JdbcOrchestrationStore.class);

  private static final String RELEASE_EMPTY_CLAIM = """
      UPDATE instances
         SET lock_owner = NULL, lock_expires_at = NULL,
             next_visible_at = (SELECT min(m.visible_at) FROM inbox m
                                 WHERE m.task_hub = instances.task_hub AND m.instance_id = instances.instance_id)
       WHERE task_hub = ? AND instance_id = ? AND version = ?
      """;

  /**
   * %s: one {@code (task_hub = ? AND instance_id = ?)} per claimed instance, joined by OR; both databases
   * turn that into one index search per instance (SQLite would scan the table for a row-value IN list).
   */
  private static final String SELECT_VISIBLE_MESSAGES = """
      SELECT task_hub, instance_id, id, execution_id, event FROM inbox
       WHERE (%s) AND visible_at <= ?
       ORDER BY id
      """;

  /** %s: the dialect's claim lock clause. */
  private static final String CLAIM_INSTANCES = """
      UPDATE instances
         SET lock_owner = ?, lock_expires_at = ?, version = version + 1
       WHERE (task_hub, instance_id) IN (
             SELECT task_hub, instance_id FROM instances
              WHERE next_visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?) /*names*/
                AND """ + InstanceAdmissions.UNQUEUED + """
              ORDER BY next_visible_at
              LIMIT ? %s)
      RETURNING """ + " " + INSTANCE_COLUMNS + ", failed_steps";

  /** Serial-writer variant, step 1: the candidates (see {@link SqlDialect#serialWrites()}). */
  private static final String SELECT_CLAIMABLE_INSTANCES = "SELECT " + INSTANCE_COLUMNS + """
      , failed_steps
       FROM instances
      WHERE next_visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?) /*names*/
        AND """ + InstanceAdmissions.UNQUEUED + """
      ORDER BY next_visible_at
      LIMIT ?
      """;

  /** Serial-writer variant, step 2: lease one candidate by key. */
  private static final String LEASE_INSTANCE = """
      UPDATE instances SET lock_owner = ?, lock_expires_at = ?, version = version + 1
       WHERE task_hub = ? AND instance_id = ? AND version = ?
      """;

  private static final String PROBE_CLAIMABLE_INSTANCE = """
      SELECT 1 FROM instances
       WHERE next_visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?) /*names*/
       LIMIT 1
      """;

  private static final String RENEW_INSTANCE_LEASE = """
      UPDATE instances SET lock_expires_at = ?
       WHERE task_hub = ? AND instance_id = ? AND version = ? AND lock_owner IS NOT NULL
      RETURNING next_visible_at
      """;

  /** %s: the failed-step count's new value. */
  private static final String ABANDON_INSTANCE = """
      UPDATE instances SET lock_owner = NULL, lock_expires_at = ?, version = version + 1, failed_steps = %s
       WHERE task_hub = ? AND instance_id = ? AND version = ?
      """;

  private final SqlDialect dialect;
  private final TransactionRunner runner;
  private final HistoryEventCodec codec;
  private final ClaimProbe probe;
  private final String claimInstancesSql;
  private final InstanceAdmissions admissions;

  OrchestrationClaims(SqlDialect dialect, TransactionRunner runner, HistoryEventCodec codec, ClaimProbe probe) {
    this.dialect = dialect;
    this.runner = runner;
    this.codec = codec;
    this.probe = probe;
    this.claimInstancesSql = CLAIM_INSTANCES.formatted(dialect.claimLockClause());
    this.admissions = new InstanceAdmissions(dialect, codec);
  }

  List<OrchestrationWorkItem> claimOrchestrationWorkItems(String owner, int max, Duration lease, Set<String> names) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
    if (max <= 0 || NameFilter.excludesAll(names)
        || !probe.maybeClaimable(PROBE_CLAIMABLE_INSTANCE, names, true, "probe for orchestration work items")) {
      return List.of();
    }
    List<RawWorkItem> raw = runner.write("claim orchestration work items for " + owner, null, tx -> {
      long now = millis(tx.now());
      List<ClaimedInstance> claimed = new ArrayList<>(dialect.serialWrites()
          ? leaseInstancesSerially(tx, owner, max, lease, names)
          : leaseInstances(tx, owner, max, lease, names));
      if (claimed.size() < max) { // first steps of instances in limited queues, as their queues have room
        claimed.addAll(admissions.admit(tx, owner, max - claimed.size(), now, millis(tx.now().plus(lease)), names));
      }
      java.util.Map<List<String>, List<RawMessage>> byInstance = visibleMessages(tx, claimed, now);
      List<RawWorkItem> items = new ArrayList<>(claimed.size());
      for (ClaimedInstance c : claimed) {
        List<RawMessage> messages =
            byInstance.getOrDefault(List.of(c.instance().taskHub(), c.instance().instanceId()), List.of());
        if (messages.isEmpty()) {
          // next_visible_at was stale (see the store's design note): repair it and give the lease back.
          PreparedStatement release = tx.statement(RELEASE_EMPTY_CLAIM);
          release.setString(1, c.instance().taskHub());
          release.setString(2, c.instance().instanceId());
          release.setLong(3, c.version());
          release.executeUpdate();
          continue;
        }
        items.add(new RawWorkItem(c, messages));
      }
      return items;
    });
    // Decoding here, on the caller's thread, keeps JSON work off a serial writer.
    List<OrchestrationWorkItem> items = new ArrayList<>(raw.size());
    for (RawWorkItem r : raw) {
      List<InboxMessage> messages = new ArrayList<>(r.messages().size());
      for (RawMessage m : r.messages()) {
        messages.add(new InboxMessage(m.id(), m.executionId(), codec.decode(m.json())));
      }
      items.add(new OrchestrationWorkItem(r.claimed().instance(), r.claimed().version(), List.copyOf(messages),
          r.claimed().failedSteps()));
    }
    return items;
  }

  private record RawMessage(long id, String executionId, String json) {}

  private record RawWorkItem(ClaimedInstance claimed, List<RawMessage> messages) {}

  private List<ClaimedInstance> leaseInstances(Tx tx, String owner, int max, Duration lease, Set<String> names)
      throws SQLException {
    long now = millis(tx.now());
    PreparedStatement claim = tx.statement(NameFilter.applyToInstances(claimInstancesSql, names));
    claim.setString(1, owner);
    claim.setLong(2, millis(tx.now().plus(lease)));
    claim.setLong(3, now);
    claim.setLong(4, now);
    claim.setInt(NameFilter.bind(claim, 5, names), max);
    List<ClaimedInstance> claimed = new ArrayList<>();
    try (ResultSet rs = claim.executeQuery()) {
      while (rs.next()) {
        claimed.add(new ClaimedInstance(readInstance(rs, codec), rs.getLong("version"), rs.getInt("failed_steps")));
      }
    }
    return claimed;
  }

  private List<ClaimedInstance> leaseInstancesSerially(Tx tx, String owner, int max, Duration lease,
      Set<String> names) throws SQLException {
    long now = millis(tx.now());
    PreparedStatement select = tx.statement(NameFilter.applyToInstances(SELECT_CLAIMABLE_INSTANCES, names));
    select.setLong(1, now);
    select.setLong(2, now);
    select.setInt(NameFilter.bind(select, 3, names), max);
    List<ClaimedInstance> candidates = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        candidates.add(new ClaimedInstance(readInstance(rs, codec), rs.getLong("version") + 1, rs.getInt("failed_steps")));
      }
    }
    if (!candidates.isEmpty()) {
      PreparedStatement update = tx.statement(LEASE_INSTANCE);
      for (ClaimedInstance c : candidates) {
        update.setString(1, owner);
        update.setLong(2, millis(tx.now().plus(lease)));
        update.setString(3, c.instance().taskHub());
        update.setString(4, c.instance().instanceId());
        update.setLong(5, c.version() - 1);
        update.addBatch();
      }
      for (int rows : update.executeBatch()) {
        if (rows != 1) {
          throw new IllegalStateException("Serial claim updated " + rows + " rows for one candidate; write"
              + " transactions are not serialised (BEGIN IMMEDIATE missing?)");
        }
      }
    }
    return candidates;
  }

  record ClaimedInstance(InstanceRecord instance, long version, int failedSteps) {}

  /** The visible messages of all claimed instances in one query, by (task hub, instance id), in id order. */
  private java.util.Map<List<String>, List<RawMessage>> visibleMessages(Tx tx, List<ClaimedInstance> claimed, long now)
      throws SQLException {
    java.util.Map<List<String>, List<RawMessage>> result = new java.util.HashMap<>();
    if (claimed.isEmpty()) {
      return result;
    }
    PreparedStatement ps = tx.statement(SELECT_VISIBLE_MESSAGES.formatted(
        String.join(" OR ", java.util.Collections.nCopies(claimed.size(), "(task_hub = ? AND instance_id = ?)"))));
    int i = 1;
    for (ClaimedInstance c : claimed) {
      ps.setString(i++, c.instance().taskHub());
      ps.setString(i++, c.instance().instanceId());
    }
    ps.setLong(i, now);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
            .add(new RawMessage(rs.getLong(3), rs.getString(4), rs.getString(5)));
      }
    }
    return result;
  }

  /** Gives the lease back; {@code failed} counts one more failed attempt at the step (else the count stays). */
  void abandon(OrchestrationWorkItem item, Duration delay, boolean failed) {
    Objects.requireNonNull(item, "item");
    Duration d = delay == null || delay.isNegative() ? Duration.ZERO : delay;
    runner.write("abandon work item of", item.instanceId(), tx -> {
      PreparedStatement ps = tx.statement(ABANDON_INSTANCE.formatted(failed ? "failed_steps + 1" : "failed_steps"));
      ps.setLong(1, millis(tx.now().plus(d)));
      ps.setString(2, item.taskHub());
      ps.setString(3, item.instanceId());
      ps.setLong(4, item.lockVersion());
      if (ps.executeUpdate() == 0) {
        log.debug("Abandon of instance '{}' found its lease already lost", item.instanceId());
      } else if (d.isZero()) {
        tx.markWorkAdded();
      }
      return null;
    });
  }

  List<LeaseState> renewLeases(List<OrchestrationWorkItem> items, Duration lease) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(lease, "lease");
    if (items.isEmpty()) {
      return List.of();
    }
    return runner.write("renew " + items.size() + " lease(s) incl.", items.get(0).instanceId(), tx -> {
      long now = millis(tx.now());
      PreparedStatement ps = tx.statement(RENEW_INSTANCE_LEASE);
      List<LeaseState> states = new ArrayList<>(items.size());
      for (OrchestrationWorkItem item : items) {
        ps.setLong(1, millis(tx.now().plus(lease)));
        ps.setString(2, item.taskHub());
        ps.setString(3, item.instanceId());
        ps.setLong(4, item.lockVersion());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            states.add(new LeaseState(false, false));
            continue;
          }
          long readyAt = rs.getLong(1);
          states.add(new LeaseState(true, !rs.wasNull() && readyAt <= now));
        }
      }
      return states;
    });
  }
}

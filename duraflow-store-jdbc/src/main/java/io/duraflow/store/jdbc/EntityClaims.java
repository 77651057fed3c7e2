package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Inbox.deliver;
import static io.duraflow.store.jdbc.Rows.millis;

import io.duraflow.api.EntityInstanceId;
import io.duraflow.store.EntityBatchCommit;
import io.duraflow.store.EntityWorkItem;
import io.duraflow.store.InboxMessage;
import io.duraflow.store.LeaseLostException;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OutboundMessage;
import io.duraflow.store.codec.HistoryEventCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entity work items: claim (lease an entity with a batch of its visible messages), commit (the batch's
 * outcome in one transaction) and abandon.
 *
 * <p>Design note: the claim selects candidates on the ready index and leases each by key with a version
 * check, which is race-free on PostgreSQL because the candidates are row-locked ({@code FOR UPDATE SKIP
 * LOCKED}) and on SQLite because writes are serial. After a commit, the ready time is recomputed from the
 * queue; while a critical section holds the entity, messages the batch deferred (not from the holder) do
 * not count, so a locked entity with only deferred messages is not claimed again and again: any new
 * message (the holder's next call, or its unlock) lowers the ready time when it is queued.
 */
final class EntityClaims {

  private static final Logger log = LoggerFactory.getLogger(JdbcOrchestrationStore.class);

  private static final String PROBE = """
      SELECT 1 FROM entities
       WHERE next_visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?) /*names*/
       LIMIT 1
      """;

  private static final String SELECT_CLAIMABLE = """
      SELECT task_hub, name, entity_key, state, locked_by, version FROM entities
       WHERE next_visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?) /*names*/
       ORDER BY next_visible_at
       LIMIT ?
      """;

  private static final String LEASE = """
      UPDATE entities SET lock_owner = ?, lock_expires_at = ?, version = version + 1
       WHERE task_hub = ? AND name = ? AND entity_key = ? AND version = ?
      """;

  private static final String SELECT_OPS = """
      SELECT id, event FROM entity_ops
       WHERE task_hub = ? AND name = ? AND entity_key = ? AND visible_at <= ?
       ORDER BY id
       LIMIT ?
      """;

  private static final String COMMIT = """
      UPDATE entities
         SET state = ?, locked_by = ?, last_operation_at = COALESCE(?, last_operation_at),
             lock_owner = NULL, lock_expires_at = NULL, version = version + 1
       WHERE task_hub = ? AND name = ? AND entity_key = ? AND version = ?
      """;

  private static final String DELETE_OP = "DELETE FROM entity_ops WHERE id = ?";

  /**
   * The ready time after a batch: the earliest queued message, leaving out (while locked, first parameter
   * 1) the messages the batch saw and deferred: visible at the claim and not newer than its last one.
   */
  private static final String REFRESH_READY = """
      UPDATE entities
         SET next_visible_at = (SELECT min(o.visible_at) FROM entity_ops o
                                 WHERE o.task_hub = entities.task_hub AND o.name = entities.name
                                   AND o.entity_key = entities.entity_key
                                   AND (? = 0 OR o.visible_at > ? OR o.id > ?))
       WHERE task_hub = ? AND name = ? AND entity_key = ?
      """;

  private static final String ABANDON = """
      UPDATE entities SET lock_owner = NULL, lock_expires_at = NULL, version = version + 1, next_visible_at = ?
       WHERE task_hub = ? AND name = ? AND entity_key = ? AND version = ?
      """;

  private final TransactionRunner runner;
  private final HistoryEventCodec codec;
  private final Instances instances;

  EntityClaims(TransactionRunner runner, HistoryEventCodec codec, Instances instances) {
    this.runner = runner;
    this.codec = codec;
    this.instances = instances;
  }

  private record Candidate(String hub, String name, String key, String state, String lockedBy, long version) {}

  List<EntityWorkItem> claim(String owner, int max, int batchSize, Duration lease, Set<String> names) {
    if (NameFilter.excludesAll(names) || !maybeClaimable(names)) {
      return List.of();
    }
    List<RawItem> raw = runner.write("claim entity work items for " + owner, null, tx -> {
      PreparedStatement select = tx.statement(NameFilter.apply(SELECT_CLAIMABLE, names) + claimLockSuffix);
      select.setLong(1, millis(tx.now()));
      select.setLong(2, millis(tx.now()));
      int i = NameFilter.bind(select, 3, names);
      select.setInt(i, max);
      List<Candidate> candidates = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          candidates.add(new Candidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getLong(6)));
        }
      }
      List<RawItem> items = new ArrayList<>();
      long expires = millis(tx.now().plus(lease));
      for (Candidate c : candidates) {
        PreparedStatement update = tx.statement(LEASE);
        update.setString(1, owner);
        update.setLong(2, expires);
        update.setString(3, c.hub());
        update.setString(4, c.name());
        update.setString(5, c.key());
        update.setLong(6, c.version());
        if (update.executeUpdate() != 1) {
          continue;
        }
        List<long[]> ids = new ArrayList<>();
        List<String> events = new ArrayList<>();
        PreparedStatement ops = tx.statement(SELECT_OPS);
        ops.setString(1, c.hub());
        ops.setString(2, c.name());
        ops.setString(3, c.key());
        ops.setLong(4, millis(tx.now()));
        ops.setInt(5, batchSize);
        try (ResultSet rs = ops.executeQuery()) {
          while (rs.next()) {
            ids.add(new long[] {rs.getLong(1)});
            events.add(rs.getString(2));
          }
        }
        EntityInstanceId id = new EntityInstanceId(c.name(), c.key());
        if (events.isEmpty()) {
          // A stale ready time (its messages were consumed): repair it and release the lease.
          abandon(tx, c.hub(), id, c.version() + 1, null);
          refreshReady(tx, c.hub(), id, false, 0, 0);
          continue;
        }
        items.add(new RawItem(c, c.version() + 1, ids, events, tx.now()));
      }
      return items;
    });
    // Decoding JSON stays off the (possibly serial) writer.
    List<EntityWorkItem> items = new ArrayList<>(raw.size());
    for (RawItem r : raw) {
      List<InboxMessage> messages = new ArrayList<>(r.events().size());
      for (int k = 0; k < r.events().size(); k++) {
        messages.add(new InboxMessage(r.ids().get(k)[0], null, codec.decode(r.events().get(k))));
      }
      items.add(new EntityWorkItem(r.c().hub(), new EntityInstanceId(r.c().name(), r.c().key()), r.c().state(),
          r.c().lockedBy(), r.version(), messages, r.claimedAt()));
    }
    return items;
  }

  /**
   * A cheap read on the ready index before the claim's write, on every database (not only serial
   * writers, as {@link ClaimProbe}): entity workers wake on every work signal of the store, and most of
   * those are instance work, so the probe keeps them from adding a write transaction to each.
   */
  private boolean maybeClaimable(Set<String> names) {
    return runner.read("probe entities", null, tx -> {
      PreparedStatement ps = tx.statement(NameFilter.apply(PROBE, names));
      ps.setLong(1, millis(tx.now()));
      ps.setLong(2, millis(tx.now()));
      NameFilter.bind(ps, 3, names);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
  }

  private record RawItem(Candidate c, long version, List<long[]> ids, List<String> events, Instant claimedAt) {}

  private String claimLockSuffix = "";

  /** The dialect's claim lock clause, appended to the candidate select. */
  EntityClaims withClaimLock(String clause) {
    this.claimLockSuffix = clause == null || clause.isEmpty() ? "" : " " + clause;
    return this;
  }

  void commit(EntityBatchCommit commit) {
    EntityWorkItem item = commit.item();
    Encoded json = new Encoded(codec);
    commit.messages().forEach(m -> json.add(m.event()));
    commit.newInstances().forEach(n -> json.add(n.started()));
    runner.write("commit entity batch of", item.id().toInstanceId(), tx -> {
      PreparedStatement ps = tx.statement(COMMIT);
      ps.setString(1, commit.state());
      ps.setString(2, commit.lockedBy());
      Rows.setMillis(ps, 3, commit.operationsRun() ? tx.now() : null);
      ps.setString(4, item.taskHub());
      ps.setString(5, item.id().name());
      ps.setString(6, item.id().key());
      ps.setLong(7, item.lockVersion());
      int rows = ps.executeUpdate();
      if (rows == 0) {
        throw new LeaseLostException("entity work item (version " + item.lockVersion() + ")", item.id().toInstanceId());
      }
      if (rows > 1) {
        throw new IllegalStateException("Commit of entity " + item.id() + " updated several rows; primary key broken?");
      }
      if (!commit.consumed().isEmpty()) {
        PreparedStatement delete = tx.statement(DELETE_OP);
        for (InboxMessage m : commit.consumed()) {
          delete.setLong(1, m.id());
          delete.addBatch();
        }
        delete.executeBatch();
      }
      for (OutboundMessage m : commit.messages()) {
        Instant visibleAt = m.visibleAt() != null ? m.visibleAt() : tx.now();
        if (!deliver(tx, m.taskHub(), m.instanceId(), m.executionId(), m.event(), visibleAt, json)) {
          log.debug("Dropped {} from entity {} to unknown instance '{}' of task hub '{}'", m.event().eventType(),
              item.id(), m.instanceId(), m.taskHub());
        }
      }
      for (NewInstance start : commit.newInstances()) {
        instances.createOrReplace(tx, start, false, json, true);
      }
      long lastLoaded = item.messages().isEmpty() ? 0 : item.messages().get(item.messages().size() - 1).id();
      refreshReady(tx, item.taskHub(), item.id(), commit.lockedBy() != null, millis(item.claimedAt()), lastLoaded);
      return null;
    });
  }

  void abandon(EntityWorkItem item, Duration delay) {
    runner.write("abandon entity work item of", item.id().toInstanceId(), tx -> {
      abandon(tx, item.taskHub(), item.id(), item.lockVersion(), tx.now().plus(delay));
      return null;
    });
  }

  private static void abandon(Tx tx, String hub, EntityInstanceId id, long version, Instant readyAt)
      throws SQLException {
    PreparedStatement ps = tx.statement(ABANDON);
    if (readyAt == null) {
      ps.setNull(1, java.sql.Types.BIGINT);
    } else {
      ps.setLong(1, millis(readyAt));
    }
    ps.setString(2, hub);
    ps.setString(3, id.name());
    ps.setString(4, id.key());
    ps.setLong(5, version);
    ps.executeUpdate();
  }

  static void refreshReady(Tx tx, String hub, EntityInstanceId id, boolean locked, long claimedAt, long lastLoaded)
      throws SQLException {
    PreparedStatement ps = tx.statement(REFRESH_READY);
    ps.setInt(1, locked ? 1 : 0);
    ps.setLong(2, claimedAt);
    ps.setLong(3, lastLoaded);
    ps.setString(4, hub);
    ps.setString(5, id.name());
    ps.setString(6, id.key());
    ps.executeUpdate();
  }
}

package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.millis;

import io.duraflow.api.EntityInstanceId;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.EntityBatchCommit;
import io.duraflow.store.EntityCleanup;
import io.duraflow.store.EntityPage;
import io.duraflow.store.EntityQuery;
import io.duraflow.store.EntityRecord;
import io.duraflow.store.EntityStore;
import io.duraflow.store.EntityWorkItem;
import io.duraflow.store.codec.HistoryEventCodec;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link EntityStore} of {@link JdbcOrchestrationStore}: the tables {@code entities} and
 * {@code entity_ops} of migration V6 (SQLite) / V7 (PostgreSQL). Claims and commits are
 * {@link EntityClaims}'; this class reads, lists and cleans. Thread-safe.
 */
final class JdbcEntityStore implements EntityStore {

  private static final String COLUMNS = """
      e.task_hub, e.name, e.entity_key, %s, e.created_at, e.last_operation_at, e.locked_by,
      (SELECT count(*) FROM entity_ops o WHERE o.task_hub = e.task_hub AND o.name = e.name
          AND o.entity_key = e.entity_key)
      """;

  private static final String GET = "SELECT " + COLUMNS.formatted("e.state")
      + " FROM entities e WHERE e.task_hub = ? AND e.name = ? AND e.entity_key = ?";

  private static final String DELETE_EMPTY = """
      DELETE FROM entities
       WHERE task_hub = ? AND state IS NULL AND locked_by IS NULL
         AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
         AND NOT EXISTS (SELECT 1 FROM entity_ops o WHERE o.task_hub = entities.task_hub
                            AND o.name = entities.name AND o.entity_key = entities.entity_key)
      """;

  /** Locks whose holder no longer runs; the version bump fences off a batch in flight. */
  private static final String RELEASE_ORPHANED_LOCKS = """
      UPDATE entities
         SET locked_by = NULL, version = version + 1,
             next_visible_at = (SELECT min(o.visible_at) FROM entity_ops o WHERE o.task_hub = entities.task_hub
                                   AND o.name = entities.name AND o.entity_key = entities.entity_key)
       WHERE task_hub = ? AND locked_by IS NOT NULL
         AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
         AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.task_hub = entities.task_hub
                            AND i.instance_id = entities.locked_by
                            AND i.runtime_status IN ('Pending', 'Running', 'Suspended'))
      """;

  private final TransactionRunner runner;
  private final HistoryEventCodec codec;
  private final EntityClaims claims;

  JdbcEntityStore(TransactionRunner runner, HistoryEventCodec codec, EntityClaims claims) {
    this.runner = runner;
    this.codec = codec;
    this.claims = claims;
  }

  @Override
  public void signalEntity(String taskHub, EntityInstanceId id, HistoryEvent message, Instant visibleAt) {
    Objects.requireNonNull(taskHub, "taskHub");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(message, "message");
    String json = codec.encode(message);
    runner.write("signal entity", id.toInstanceId(), tx -> {
      EntityQueues.enqueue(tx, taskHub, id, message, visibleAt != null ? visibleAt : tx.now(), json);
      return null;
    });
  }

  @Override
  public Optional<EntityRecord> getEntity(String taskHub, EntityInstanceId id) {
    return runner.read("get entity", id.toInstanceId(), tx -> {
      PreparedStatement ps = tx.statement(GET);
      ps.setString(1, taskHub);
      ps.setString(2, id.name());
      ps.setString(3, id.key());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    });
  }

  @Override
  public EntityPage queryEntities(String taskHub, EntityQuery q) {
    Objects.requireNonNull(q, "query");
    EntityInstanceId after = q.continuationToken() == null ? null : decodeToken(q.continuationToken());
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS.formatted(q.includeState() ? "e.state" : "NULL"))
        .append(" FROM entities e WHERE e.task_hub = ?");
    List<Object> args = new ArrayList<>(List.of(taskHub));
    if (q.instanceIdStartsWith() != null && !q.instanceIdStartsWith().isEmpty()) {
      // substr rather than LIKE: no wildcards to escape, and the same (case-sensitive) rule on both databases.
      String prefix = q.instanceIdStartsWith().startsWith("@") ? q.instanceIdStartsWith().substring(1)
          : q.instanceIdStartsWith();
      int at = prefix.indexOf('@');
      String name = (at < 0 ? prefix : prefix.substring(0, at)).toLowerCase(java.util.Locale.ROOT);
      if (at < 0) {
        sql.append(" AND substr(e.name, 1, ?) = ?");
        args.add(name.length());
        args.add(name);
      } else {
        String key = prefix.substring(at + 1);
        sql.append(" AND e.name = ? AND substr(e.entity_key, 1, ?) = ?");
        args.add(name);
        args.add(key.length());
        args.add(key);
      }
    }
    if (q.lastOperationFrom() != null) {
      sql.append(" AND e.last_operation_at >= ?");
      args.add(millis(q.lastOperationFrom()));
    }
    if (q.lastOperationTo() != null) {
      sql.append(" AND e.last_operation_at < ?");
      args.add(millis(q.lastOperationTo()));
    }
    if (!q.includeEmpty()) {
      sql.append(" AND e.state IS NOT NULL");
    }
    if (after != null) {
      sql.append(" AND (e.name > ? OR (e.name = ? AND e.entity_key > ?))");
      args.add(after.name());
      args.add(after.name());
      args.add(after.key());
    }
    sql.append(" ORDER BY e.name, e.entity_key LIMIT ?");
    args.add(q.pageSize() + 1);
    return runner.read("query entities", null, tx -> {
      PreparedStatement ps = tx.statement(sql.toString());
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof Integer n) {
          ps.setInt(i + 1, n);
        } else if (a instanceof Long n) {
          ps.setLong(i + 1, n);
        } else {
          ps.setString(i + 1, (String) a);
        }
      }
      List<EntityRecord> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(read(rs));
        }
      }
      if (rows.size() <= q.pageSize()) {
        return new EntityPage(rows, null);
      }
      List<EntityRecord> page = rows.subList(0, q.pageSize());
      return new EntityPage(List.copyOf(page), encodeToken(page.get(page.size() - 1).id()));
    });
  }

  @Override
  public EntityCleanup cleanEntityStorage(String taskHub) {
    return runner.write("clean entity storage of task hub", taskHub, tx -> {
      PreparedStatement release = tx.statement(RELEASE_ORPHANED_LOCKS);
      release.setString(1, taskHub);
      release.setLong(2, millis(tx.now()));
      int released = release.executeUpdate();
      if (released > 0) {
        tx.markWorkAdded(); // messages the locks held back can run now
      }
      PreparedStatement delete = tx.statement(DELETE_EMPTY);
      delete.setString(1, taskHub);
      delete.setLong(2, millis(tx.now()));
      return new EntityCleanup(delete.executeUpdate(), released);
    });
  }

  @Override
  public List<EntityWorkItem> claimEntityWorkItems(String owner, int max, int batchSize, Duration lease,
      Set<String> names) {
    Objects.requireNonNull(owner, "owner");
    if (max < 1 || batchSize < 1) {
      throw new IllegalArgumentException("max and batchSize must be at least 1");
    }
    return claims.claim(owner, max, batchSize, lease, names);
  }

  @Override
  public void commitEntityBatch(EntityBatchCommit commit) {
    claims.commit(Objects.requireNonNull(commit, "commit"));
  }

  @Override
  public void abandonEntity(EntityWorkItem item, Duration delay) {
    claims.abandon(item, delay);
  }

  private static EntityRecord read(ResultSet rs) throws SQLException {
    long last = rs.getLong(6);
    Instant lastOp = rs.wasNull() ? null : Instant.ofEpochMilli(last);
    return new EntityRecord(rs.getString(1), new EntityInstanceId(rs.getString(2), rs.getString(3)), rs.getString(4),
        Instant.ofEpochMilli(rs.getLong(5)), lastOp, rs.getString(7), rs.getInt(8));
  }

  private static String encodeToken(EntityInstanceId last) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("e1" + last.toInstanceId()).getBytes(StandardCharsets.UTF_8));
  }

  private static EntityInstanceId decodeToken(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!text.startsWith("e1@")) {
        throw new IllegalArgumentException("unknown format");
      }
      return EntityInstanceId.fromInstanceId(text.substring(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid continuation token '" + token
          + "'; pass the token of the previous page unchanged", e);
    }
  }
}

package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.millis;

import io.duraflow.store.ReadyWorkNames;
import io.duraflow.store.WorkerInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code workers} table: running workers and the code they have, and the names of the work that is
 * ready now, so that a node can tell work waiting for another node from work no running node can do.
 */
final class Workers {

  private static final String UPSERT = """
      INSERT INTO workers (worker_id, started_at, heartbeat_at, orchestrations, activities)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (worker_id) DO UPDATE
         SET heartbeat_at = excluded.heartbeat_at, orchestrations = excluded.orchestrations,
             activities = excluded.activities
      """;

  private static final String DELETE = "DELETE FROM workers WHERE worker_id = ?";

  private static final String SELECT_LIVE = """
      SELECT worker_id, started_at, heartbeat_at, orchestrations, activities FROM workers
       WHERE heartbeat_at >= ? ORDER BY worker_id
      """;

  // Ready now and not leased: the same conditions as the claims, over the same indexes.
  private static final String READY_ORCHESTRATIONS = "SELECT DISTINCT " + NameFilter.INSTANCE_KEY + """
       FROM instances
       WHERE next_visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
      """;

  private static final String READY_ACTIVITIES = """
      SELECT DISTINCT name FROM activities
       WHERE visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
      """;

  private final TransactionRunner runner;

  Workers(TransactionRunner runner) {
    this.runner = runner;
  }

  void heartbeat(WorkerInfo worker) {
    Objects.requireNonNull(worker, "worker");
    runner.write("announce worker " + worker.workerId(), null, tx -> {
      PreparedStatement ps = tx.statement(UPSERT);
      ps.setString(1, worker.workerId());
      ps.setLong(2, millis(worker.startedAt()));
      ps.setLong(3, millis(tx.now()));
      ps.setString(4, join(worker.orchestrations()));
      ps.setString(5, join(worker.activities()));
      ps.executeUpdate();
      return null;
    });
  }

  void remove(String workerId) {
    runner.write("remove worker " + workerId, null, tx -> {
      PreparedStatement ps = tx.statement(DELETE);
      ps.setString(1, workerId);
      ps.executeUpdate();
      return null;
    });
  }

  List<WorkerInfo> live(Duration within) {
    return runner.read("list live workers", null, tx -> {
      PreparedStatement ps = tx.statement(SELECT_LIVE);
      ps.setLong(1, millis(tx.now().minus(within)));
      List<WorkerInfo> workers = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          workers.add(new WorkerInfo(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
              Instant.ofEpochMilli(rs.getLong(3)), split(rs.getString(4)), split(rs.getString(5))));
        }
      }
      return workers;
    });
  }

  ReadyWorkNames readyWorkNames() {
    return runner.read("list names of ready work", null, tx -> {
      long now = millis(tx.now());
      return new ReadyWorkNames(names(tx, READY_ORCHESTRATIONS, now), names(tx, READY_ACTIVITIES, now));
    });
  }

  private static Set<String> names(Tx tx, String sql, long now) throws SQLException {
    PreparedStatement ps = tx.statement(sql);
    ps.setLong(1, now);
    ps.setLong(2, now);
    Set<String> names = new HashSet<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** One name per line: names are free text but never contain a line break (the registry refuses them). */
  private static String join(Set<String> names) {
    return String.join("\n", new TreeSet<>(names));
  }

  private static Set<String> split(String joined) {
    return joined.isEmpty() ? Set.of() : Set.of(joined.split("\n"));
  }
}

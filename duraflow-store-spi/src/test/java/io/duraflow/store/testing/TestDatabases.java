package io.duraflow.store.testing;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Fresh stores on real databases for the backends' tests and the engine's (via the test-jar).
 *
 * <p>Stores are opened through {@link OrchestrationStores}, so this class needs no backend to compile: a
 * test that calls {@link #sqlite} needs {@code duraflow-store-sqlite} on its class path, one that calls
 * {@link #postgres} {@code duraflow-store-postgres}.
 *
 * <p>PostgreSQL: {@code DURAFLOW_TEST_PG_URL} (environment variable or system property) names the server,
 * default {@value #DEFAULT_PG_URL}; a {@code jdbc:postgresql:} URL, since this class also connects with
 * plain JDBC. Each store gets its own new schema, dropped when the store is closed.
 */
public final class TestDatabases {
  public static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private TestDatabases() {}

  /** A SQLite store in {@code dir} (a {@code @TempDir}); the caller closes it. */
  public static OrchestrationStore sqlite(Path dir, Clock clock) {
    return OrchestrationStores.open("sqlite", dir, StoreOptions.defaults().withClock(clock));
  }

  /** The PostgreSQL server tests use. */
  public static String postgresUrl() {
    String url = System.getProperty("DURAFLOW_TEST_PG_URL", System.getenv("DURAFLOW_TEST_PG_URL"));
    return url == null || url.isBlank() ? DEFAULT_PG_URL : url;
  }

  /** A PostgreSQL store in a fresh schema, which closing the store drops; 4 pooled connections. */
  public static OrchestrationStore postgres(Clock clock) {
    return postgres(clock, 4);
  }

  /** A PostgreSQL store in a fresh schema, which closing the store drops. */
  public static OrchestrationStore postgres(Clock clock, int poolSize) {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String url = jdbcUrl(postgresUrl()); // before creating a schema that the drop could not reach
    OrchestrationStore store = OrchestrationStores.open(url, null,
        StoreOptions.defaults().withClock(clock)
            .with("postgres.schema", schema).with("postgres.pool-size", poolSize));
    return new SchemaDroppingStore(store, schema, () -> {
      try {
        dropSchema(url, schema);
      } catch (IllegalStateException e) {
        // Best effort: a server restarted by another test must not fail this one; the schema only leaks.
        System.err.println("WARNING: " + e.getMessage());
      }
    });
  }

  /** Another store over an existing schema (of a store made by {@link #postgres(Clock)}); closing it drops nothing. */
  public static OrchestrationStore postgresSchema(String schema, Clock clock) {
    return OrchestrationStores.open(jdbcUrl(postgresUrl()), null,
        StoreOptions.defaults().withClock(clock).with("postgres.schema", schema).with("postgres.pool-size", 2));
  }

  /** The schema of a store made by {@link #postgres(Clock)}. */
  public static String schemaOf(OrchestrationStore store) {
    return ((SchemaDroppingStore) store).schema;
  }

  /** A connection to the database of a store made by {@link #postgres(Clock)}, in its schema. */
  public static Connection connectTo(OrchestrationStore store) throws SQLException {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("currentSchema", schemaOf(store));
    return DriverManager.getConnection(jdbcUrl(postgresUrl()), props);
  }

  private static final List<String> INVARIANTS = List.of(
      // history of each execution is numbered 0..n-1 without gaps
      "SELECT 'history gap in ' || instance_id FROM history GROUP BY task_hub, instance_id, execution_id"
          + " HAVING count(*) <> max(seq) + 1 OR min(seq) <> 0",
      // history_size counts the current execution's events
      "SELECT 'history_size wrong for ' || i.instance_id FROM instances i WHERE i.history_size <> (SELECT count(*)"
          + " FROM history h WHERE h.task_hub = i.task_hub AND h.instance_id = i.instance_id"
          + " AND h.execution_id = i.execution_id)",
      // the cached ready time is never later than the earliest message (else messages would be stuck)
      "SELECT 'next_visible_at too late for ' || i.instance_id FROM instances i WHERE EXISTS (SELECT 1 FROM inbox m"
          + " WHERE m.task_hub = i.task_hub AND m.instance_id = i.instance_id"
          + " AND (i.next_visible_at IS NULL OR m.visible_at < i.next_visible_at))",
      // no rows outlive their instance
      "SELECT 'orphan inbox message for ' || m.instance_id FROM inbox m WHERE NOT EXISTS (SELECT 1 FROM instances i"
          + " WHERE i.task_hub = m.task_hub AND i.instance_id = m.instance_id)",
      "SELECT 'orphan activity for ' || a.instance_id FROM activities a WHERE NOT EXISTS (SELECT 1 FROM instances i"
          + " WHERE i.task_hub = a.task_hub AND i.instance_id = a.instance_id)",
      "SELECT 'orphan history for ' || h.instance_id FROM history h WHERE NOT EXISTS (SELECT 1 FROM instances i"
          + " WHERE i.task_hub = h.task_hub AND i.instance_id = h.instance_id)",
      // a leased activity is invisible exactly until its lease expires
      "SELECT 'leased activity visible early: ' || id FROM activities WHERE lock_owner IS NOT NULL"
          + " AND visible_at <> lock_expires_at");

  /** Store-wide truths that must hold between operations; returns the violations found. */
  public static List<String> invariantViolations(Connection c) throws SQLException {
    List<String> violations = new java.util.ArrayList<>();
    try (Statement st = c.createStatement()) {
      for (String sql : INVARIANTS) {
        try (java.sql.ResultSet rs = st.executeQuery(sql)) {
          while (rs.next()) {
            violations.add(rs.getString(1));
          }
        }
      }
    }
    return violations;
  }

  /** Drops {@code schema} with everything in it. */
  public static void dropSchema(String url, String schema) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(url));
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not drop test schema " + schema + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code url} if it is a JDBC URL. The libpq forms ({@code postgresql://user@host/db}) that stores accept
   * are translated by the PostgreSQL backend, which this class does not compile against.
   */
  private static String jdbcUrl(String url) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("The PostgreSQL test helpers connect with plain JDBC and need a"
          + " jdbc:postgresql://HOST:PORT/DB?user=.. URL, not '" + url + "'; check DURAFLOW_TEST_PG_URL");
    }
    return url;
  }

  /** After closing the store, runs {@code afterClose}. */
  private static final class SchemaDroppingStore extends ForwardingOrchestrationStore {
    private final String schema;
    private final Runnable afterClose;

    SchemaDroppingStore(OrchestrationStore delegate, String schema, Runnable afterClose) {
      super(delegate);
      this.schema = schema;
      this.afterClose = afterClose;
    }

    @Override
    public void close() {
      try {
        super.close();
      } finally {
        afterClose.run();
      }
    }
  }
}

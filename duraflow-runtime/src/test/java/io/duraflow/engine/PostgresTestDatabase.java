package io.duraflow.engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away PostgreSQL database for tests that run several processes against one database. The
 * server comes from {@code DURAFLOW_TEST_PG_URL} (default the local test server).
 */
final class PostgresTestDatabase implements AutoCloseable {
  static final String SERVER_URL = System.getenv().getOrDefault("DURAFLOW_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private final String name = "duraflow_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  PostgresTestDatabase() throws SQLException {
    execute("CREATE DATABASE " + name);
  }

  /** JDBC URL of the new database, with the server URL's parameters. */
  String url() {
    int q = SERVER_URL.indexOf('?');
    String base = q < 0 ? SERVER_URL : SERVER_URL.substring(0, q);
    String params = q < 0 ? "" : SERVER_URL.substring(q);
    return base.substring(0, base.lastIndexOf('/') + 1) + name + params;
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(SERVER_URL); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}

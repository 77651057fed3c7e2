package io.duraflow.bench.peer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL server the benchmark runs on, named by a base JDBC URL without a database
 * ({@code jdbc:postgresql://127.0.0.1:5432/?user=postgres}): creates and drops the per-side databases and reads
 * {@code pg_stat_database.xact_commit}. Every administrative statement runs on a connection to database
 * {@code postgres}, so none of them is counted against a benchmark database.
 */
final class PgAdmin implements AutoCloseable {
  private static final String PREFIX = "jdbc:postgresql://";

  private final String authority;
  private final List<String> query = new ArrayList<>();
  private final String user;
  private final String password;
  private Connection admin;

  PgAdmin(String baseUrl) {
    if (baseUrl == null || !baseUrl.startsWith(PREFIX)) {
      throw new IllegalArgumentException("--pg must be a JDBC URL like jdbc:postgresql://127.0.0.1:5432/?user=postgres, was " + baseUrl);
    }
    String rest = baseUrl.substring(PREFIX.length());
    int q = rest.indexOf('?');
    String params = q < 0 ? "" : rest.substring(q + 1);
    rest = q < 0 ? rest : rest.substring(0, q);
    int slash = rest.indexOf('/');
    authority = slash < 0 ? rest : rest.substring(0, slash);
    String u = null;
    String p = null;
    for (String kv : params.split("&")) {
      if (kv.isEmpty()) {
        continue;
      }
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      if (k.equals("user")) {
        u = v;
      } else if (k.equals("password")) {
        p = v;
      }
      query.add(kv);
    }
    user = u == null ? "postgres" : u;
    password = p == null ? "" : p;
  }

  /** The JDBC URL of database {@code db}, with the base URL's parameters (credentials included). */
  String url(String db) {
    return PREFIX + authority + "/" + db + (query.isEmpty() ? "" : "?" + String.join("&", query));
  }

  /** The JDBC URL of database {@code db} without user and password (they go separately, as DBOS wants them). */
  String urlWithoutCredentials(String db) {
    List<String> rest = query.stream().filter(kv -> !kv.startsWith("user=") && !kv.startsWith("password=")).toList();
    return PREFIX + authority + "/" + db + (rest.isEmpty() ? "" : "?" + String.join("&", rest));
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  /**
   * The connection to database {@code postgres}, opened again if the server dropped it (another process may restart
   * the server between two sides); waits up to 60 s for the server to accept connections.
   */
  private Connection admin() throws SQLException {
    if (admin != null && !admin.isClosed() && admin.isValid(5)) {
      return admin;
    }
    if (admin != null) {
      try {
        admin.close();
      } catch (SQLException ignored) {
        // already broken
      }
      admin = null;
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        admin = DriverManager.getConnection(url("postgres"));
        admin.setAutoCommit(true);
        return admin;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Takes a session-level advisory lock on the admin connection so that two {@code compare} runs on one server do
   * not drop each other's databases (the database names are fixed); waits up to {@code waitSeconds}, telling once.
   * Released when this closes.
   *
   * @return false if another run still held it after the wait
   */
  boolean lockRun(int waitSeconds) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
    boolean told = false;
    while (true) {
      try (Statement s = admin().createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(hashtext('duraflow-bench compare'))")) {
        rs.next();
        if (rs.getBoolean(1)) {
          return true;
        }
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      if (!told) {
        System.out.println("another duraflow-bench compare run is using this PostgreSQL server; waiting up to " + waitSeconds + " s");
        told = true;
      }
      Thread.sleep(1000);
    }
  }

  /** The server's start time: a change between two readings means the server restarted in between. */
  String serverStart() throws SQLException {
    try (Statement s = admin().createStatement(); ResultSet rs = s.executeQuery("SELECT pg_postmaster_start_time()::text")) {
      rs.next();
      return rs.getString(1);
    }
  }

  String serverVersion() throws SQLException {
    try (Statement s = admin().createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  String setting(String name) throws SQLException {
    try (PreparedStatement s = admin().prepareStatement("SELECT current_setting(?)")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** Drops database {@code db} if it exists (closing other sessions on it) and creates it empty. */
  void recreate(String db) throws SQLException {
    drop(db);
    try (Statement s = admin().createStatement()) {
      s.execute("CREATE DATABASE " + quote(db));
    }
  }

  void drop(String db) throws SQLException {
    try (Statement s = admin().createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + quote(db) + " WITH (FORCE)");
    }
  }

  /** {@code xact_commit} of {@code db} as the statistics system shows it now. */
  long xactCommit(String db) throws SQLException {
    Connection c = admin();
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
    }
    try (PreparedStatement s = c.prepareStatement("SELECT xact_commit FROM pg_stat_database WHERE datname = ?")) {
      s.setString(1, db);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /**
   * {@code xact_commit} of {@code db} once the statistics have caught up with everything committed before this
   * call. Since PostgreSQL 15 a backend flushes its pending counters at the end of a transaction at most once a
   * second; one that goes idle within that second keeps them until its idle-stats timeout, {@code
   * PGSTAT_IDLE_INTERVAL} = 10 s ({@code pg_stat_force_next_flush()} only affects the calling backend, so it cannot
   * push the benchmark's pooled connections). So: wait 10.5 s, then read every second until two readings differ
   * by no more than the idle background (pollers), at most 20 s in all.
   */
  long settledXactCommit(String db) throws SQLException, InterruptedException {
    try (Statement s = admin().createStatement()) {
      s.execute("SELECT pg_stat_force_next_flush()");
    } catch (SQLException e) {
      // Older than PostgreSQL 15: no such function; the waiting below is what matters anyway.
    }
    long deadline = System.nanoTime() + 20_000_000_000L;
    Thread.sleep(10_500);
    long last = xactCommit(db);
    while (System.nanoTime() < deadline) {
      Thread.sleep(1000);
      long now = xactCommit(db);
      if (now - last <= 20) {
        return now;
      }
      last = now;
    }
    return last;
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void close() throws SQLException {
    if (admin != null) {
      admin.close();
    }
  }
}

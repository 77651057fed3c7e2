package io.duraflow.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * The SQLite writer's one connection with its prepared statements, and the way back to a clean connection
 * after a failed transaction.
 *
 * <h2>Why recovery is more than a ROLLBACK</h2>
 *
 * After SQLITE_FULL or SQLITE_IOERR, SQLite may or may not have rolled the whole transaction back itself,
 * and sqlite-jdbc finalizes the native statement that failed while its {@link PreparedStatement} stays
 * open: reused from a cache, it answers "statement is not executing" forever, a cached {@code ROLLBACK}
 * among them, which left the transaction open and every later {@code BEGIN} failing with "cannot start a
 * transaction within a transaction" until restart. So {@link #recover()} drops every cached statement,
 * rolls back with a fresh one, proves the connection is outside any transaction, and reopens the
 * connection when it is not (or when it is gone).
 *
 * <p>Used by the writer thread only (and by {@link #close()} after it stopped); not thread-safe.
 */
final class WriteConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** Opens a write connection with the store's settings (durability, busy timeout). */
  @FunctionalInterface
  interface Opener {
    Connection open() throws SQLException;
  }

  private final Opener opener;
  private final String name;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private Connection connection; // null after a reopen failed: the next use tries again
  private long reopens;

  WriteConnection(Connection connection, Opener opener, String name) {
    this.connection = connection;
    this.opener = opener;
    this.name = name;
  }

  /** The open connection, reopened first if an earlier reopen failed. */
  Connection connection() throws SQLException {
    if (connection == null) {
      connection = opener.open();
      log.info("SQLite write connection to {} reopened", name);
    }
    return connection;
  }

  /** The statement cache the writer's transactions share (see {@link io.duraflow.store.jdbc.Tx}). */
  Map<String, PreparedStatement> statements() {
    return statements;
  }

  /** Runs {@code sql} (a control statement such as {@code COMMIT}) with a cached prepared statement. */
  void exec(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection().prepareStatement(sql);
      statements.put(sql, ps);
    }
    ps.execute();
  }

  /**
   * Closes every cached statement. Needed after any SQL failure: the failed statement may be finalized
   * (see the class comment) and a half-stepped one would keep the transaction busy.
   */
  void discardStatements() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // a finalized statement closes anyway
      }
    }
    statements.clear();
  }

  /**
   * Brings the connection back to autocommit mode after a failed transaction: rolls back what SQLite did
   * not roll back itself and reopens the connection when that does not leave it clean. Never throws; a
   * failed reopen leaves no connection, and the next batch tries again.
   */
  void recover() {
    discardStatements();
    if (connection == null) {
      return;
    }
    try (Statement st = connection.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException e) {
      // Usually "no transaction is active": SQLite rolled back by itself, as it may after FULL or IOERR.
      log.debug("Rollback after a failed SQLite batch: {}", e.getMessage());
    }
    if (!outsideTransaction()) {
      log.warn("SQLite write connection to {} is still inside a transaction after ROLLBACK; reopening it", name);
      reopen();
    }
  }

  /** Closes the connection and opens a new one (a closed connection also rolls back what it held). */
  void reopen() {
    discardStatements();
    closeQuietly();
    reopens++;
    try {
      connection = opener.open();
      log.info("SQLite write connection to {} reopened", name);
    } catch (SQLException e) {
      log.warn("Reopening the SQLite write connection to {} failed; the next write tries again: {}", name, e.getMessage());
    }
  }

  /** False after a reopen failed (the next use tries again). */
  boolean isOpen() {
    return connection != null;
  }

  /** Times the connection was replaced, for tests and diagnostics. */
  long reopens() {
    return reopens;
  }

  /** Rows changed by this connection since it was opened (SQLite's {@code total_changes()}). */
  long totalChanges() {
    try {
      return connection instanceof SQLiteConnection c ? c.getDatabase().total_changes() : 0;
    } catch (SQLException e) {
      return 0;
    }
  }

  /** True when {@code BEGIN} works, i.e. no transaction is open; leaves none open. */
  private boolean outsideTransaction() {
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN");
      st.execute("ROLLBACK");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("Closing the SQLite write connection to {}: {}", name, e.getMessage());
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    discardStatements();
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.warn("Closing the SQLite write connection failed", e);
      }
      connection = null;
    }
  }
}

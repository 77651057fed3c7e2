package io.duraflow.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One database transaction as seen by store logic: its connection, its "now" (read once from the store's
 * clock, truncated to the millisecond precision the tables keep), and a flag set when it made new work
 * visible so that work listeners fire after it commits.
 *
 * <p>Not thread-safe: a transaction belongs to one thread. Statements come from {@link #statement}; the
 * caller closes result sets but never statements (they are cached per connection or closed when the
 * transaction ends).
 */
public final class Tx {
  private final Connection connection;
  private final Instant now;
  private final Map<String, PreparedStatement> cache;
  private final List<PreparedStatement> opened = new ArrayList<>();
  private boolean workAdded;

  /**
   * @param cache prepared statements kept open across transactions of the same connection, or null to
   *     close them when this transaction ends
   */
  public Tx(Connection connection, Instant now, Map<String, PreparedStatement> cache) {
    this.connection = connection;
    this.now = now.truncatedTo(ChronoUnit.MILLIS);
    this.cache = cache;
  }

  public Connection connection() {
    return connection;
  }

  /** The transaction's time, in milliseconds. */
  public Instant now() {
    return now;
  }

  /** A prepared statement for {@code sql} with cleared parameters. */
  public PreparedStatement statement(String sql) throws SQLException {
    if (cache == null) {
      PreparedStatement ps = connection.prepareStatement(sql);
      opened.add(ps);
      return ps;
    }
    PreparedStatement ps = cache.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = connection.prepareStatement(sql);
      cache.put(sql, ps);
    } else {
      // A failed earlier use may have left parameters or half a batch behind.
      ps.clearParameters();
      ps.clearBatch();
    }
    return ps;
  }

  /** Records that this transaction added messages or activity work items. */
  public void markWorkAdded() {
    workAdded = true;
  }

  public boolean workAdded() {
    return workAdded;
  }

  /** Closes the statements this transaction opened (not cached ones). */
  public void closeStatements() {
    for (PreparedStatement ps : opened) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closing a statement of a connection that is going away anyway
      }
    }
    opened.clear();
  }
}

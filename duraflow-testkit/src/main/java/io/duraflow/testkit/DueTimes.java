package io.duraflow.testkit;

import io.duraflow.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * When the next piece of work in the test's SQLite file becomes claimable: the earliest inbox message,
 * timer or activity that is not visible yet or is held by a lease that has not expired. The store SPI has
 * no such question (a worker polls instead), so the kit reads the SQLite schema directly, read-only; this
 * is why the test environment uses SQLite and nothing else.
 */
final class DueTimes implements AutoCloseable {
  /** Claims take a row when {@code visible_at <= now} and its lease, if any, has expired ({@code <= now}). */
  private static final String NEXT_DUE = """
      SELECT min(due) FROM (
        SELECT max(next_visible_at, coalesce(lock_expires_at, 0)) AS due FROM instances
         WHERE next_visible_at IS NOT NULL
        UNION ALL
        SELECT max(visible_at, coalesce(lock_expires_at, 0)) AS due FROM activities
      ) WHERE due > ?
      """;

  private final Connection connection;

  DueTimes(Path databaseFile) {
    try {
      this.connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath());
    } catch (SQLException e) {
      throw new StoreException("Could not open the test database " + databaseFile + " to read due times", e);
    }
  }

  /** The earliest time after {@code now} at which some work becomes claimable, if any. */
  Optional<Instant> nextAfter(Instant now) {
    try (PreparedStatement ps = connection.prepareStatement(NEXT_DUE)) {
      ps.setLong(1, now.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        long due = rs.next() ? rs.getLong(1) : 0;
        return rs.wasNull() || due == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(due));
      }
    } catch (SQLException e) {
      throw new StoreException("Could not read the next due time from the test database", e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing left to do with a read-only connection that fails to close
    }
  }
}

package io.duraflow.store.sqlite;

import io.duraflow.store.jdbc.Tx;
import io.duraflow.store.jdbc.TxWork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The write an unhealthy SQLite store runs to learn whether it can write again when nothing else writes:
 * fails with SQLITE_FULL unless the disk and the database's size limit ({@code max_page_count}) leave
 * {@link #MIN_FREE_BYTES}, then rewrites the header's {@code user_version} with its own value, a change to
 * page 1 that the commit must append to the write-ahead log and sync like any real write. Changes no data.
 */
final class SpaceProbe implements TxWork<Void> {
  /** The room the probe asks for before it calls the store writable. */
  static final long MIN_FREE_BYTES = 1024 * 1024;

  private final Path databaseFile;

  SpaceProbe(Path databaseFile) {
    this.databaseFile = databaseFile;
  }

  @Override
  public Void run(Tx tx) throws SQLException {
    long usable;
    try {
      usable = Files.getFileStore(databaseFile).getUsableSpace();
    } catch (IOException e) {
      throw new SQLException("Cannot ask the file system of " + databaseFile + " for free space: " + e.getMessage(), e);
    }
    if (usable < MIN_FREE_BYTES) {
      throw SqliteFailures.full(usable + " bytes free on the disk of the database");
    }
    try (Statement st = tx.connection().createStatement()) {
      long free = (pragma(st, "max_page_count") - pragma(st, "page_count") + pragma(st, "freelist_count"))
          * pragma(st, "page_size");
      if (free < MIN_FREE_BYTES) {
        throw SqliteFailures.full("the database is at its size limit (max_page_count)");
      }
      st.execute("PRAGMA user_version = " + pragma(st, "user_version"));
    }
    return null;
  }

  private static long pragma(Statement st, String name) throws SQLException {
    try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

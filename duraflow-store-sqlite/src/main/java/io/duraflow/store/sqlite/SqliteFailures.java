package io.duraflow.store.sqlite;

import io.duraflow.store.StoreFullException;
import io.duraflow.store.jdbc.StoreErrors;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells the failures that make the store unable to write (a full disk or size limit, a failing disk) from
 * the rest, and builds what callers get: {@link StoreFullException} for a full disk, {@link
 * io.duraflow.store.StoreException} otherwise.
 */
final class SqliteFailures {
  /** What a failed write says about the store. */
  enum Kind {
    /** SQLITE_FULL: no space for the database or its write-ahead log, or {@code max_page_count} reached. */
    FULL,
    /** SQLITE_IOERR and its extended codes: the disk failed a read, write or sync. */
    IO,
    /** Anything else (a constraint, a bug, a closed connection): says nothing about the disk. */
    OTHER
  }

  /** The sentence callers and /health show while the disk is full. */
  static final String FULL_REASON =
      "disk full: the store cannot write (SQLITE_FULL); writes resume when space is freed";

  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_FULL = 13;

  private SqliteFailures() {}

  static Kind kind(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException se) {
        int primary = se.getErrorCode() & 0xFF; // extended codes keep the primary code in the low byte
        if (primary == SQLITE_FULL) {
          return Kind.FULL;
        }
        if (primary == SQLITE_IOERR) {
          return Kind.IO;
        }
      }
    }
    return Kind.OTHER;
  }

  /** The sentence for people about a failure of kind FULL or IO. */
  static String reason(Kind kind, Throwable failure) {
    if (kind == Kind.FULL) {
      return FULL_REASON;
    }
    return "disk I/O error: the store cannot write (" + codeName(failure) + "); check the disk and the server log";
  }

  /** What the caller of {@code operation} gets for {@code failure}. */
  static RuntimeException wrap(String operation, String instanceId, SQLException failure) {
    if (kind(failure) == Kind.FULL) {
      return new StoreFullException(operation, instanceId, FULL_REASON, failure);
    }
    return StoreErrors.wrap(operation, instanceId, failure);
  }

  /** A failure of kind FULL that SQLite did not raise itself (the writer's free-space probe). */
  static SQLException full(String detail) {
    return new SQLiteException(detail, SQLiteErrorCode.SQLITE_FULL);
  }

  private static String codeName(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException se) {
        return se.getResultCode().name();
      }
    }
    return "SQLITE_IOERR";
  }
}

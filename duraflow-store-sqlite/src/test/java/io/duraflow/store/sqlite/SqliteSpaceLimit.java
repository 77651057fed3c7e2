package io.duraflow.store.sqlite;

import io.duraflow.store.OrchestrationStore;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Makes a real SQLite store run out of space, portably: {@code PRAGMA max_page_count} on its write
 * connection caps the database at its current size, so the next write that needs a new page fails with
 * SQLITE_FULL exactly as on a full disk; lifting the cap is space coming back. Test code only (in the
 * test-jar, for the HTTP tests too); the cap lives on the connection, so it ends if the writer reopens it.
 */
public final class SqliteSpaceLimit {
  private SqliteSpaceLimit() {}

  /** Caps {@code store} (a SQLite store) at its current number of pages; answers that number. */
  public static long capAtCurrentSize(OrchestrationStore store) {
    return writer(store).write("cap the database size", null, tx -> {
      try (Statement st = tx.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
        rs.next();
        long pages = rs.getLong(1);
        st.execute("PRAGMA max_page_count = " + pages);
        return pages;
      }
    });
  }

  /** Lifts the cap: space is back. */
  public static void lift(OrchestrationStore store) {
    writer(store).write("lift the database size cap", null, tx -> {
      try (Statement st = tx.connection().createStatement()) {
        st.execute("PRAGMA max_page_count = 1073741823");
        return null;
      }
    });
  }

  /** Times the store's write connection was reopened after a failure. */
  public static long reopens(OrchestrationStore store) {
    return writer(store).reopens();
  }

  private static GroupCommitWriter writer(OrchestrationStore store) {
    if (store instanceof SqliteOrchestrationStore sqlite) {
      return sqlite.writer();
    }
    throw new IllegalArgumentException("Not a SQLite store: " + store.describe());
  }
}

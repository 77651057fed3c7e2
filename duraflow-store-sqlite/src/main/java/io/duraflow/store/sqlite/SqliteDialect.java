package io.duraflow.store.sqlite;

import io.duraflow.store.jdbc.SqlDialect;
import io.duraflow.store.jdbc.Tx;

/** SQLite: one writer thread serialises all writes, so claims need no row locks and nobody to notify. */
final class SqliteDialect implements SqlDialect {
  @Override
  public String claimLockClause() {
    return "";
  }

  @Override
  public String rowLockClause() {
    return "";
  }

  @Override
  public boolean serialWrites() {
    return true;
  }

  @Override
  public void announceWork(Tx tx) {
    // Single process: the writer fires the in-process work listeners after the commit.
  }
}

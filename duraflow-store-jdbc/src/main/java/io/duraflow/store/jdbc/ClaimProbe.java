package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.millis;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The cheap read before a claim that lets a serial writer skip the write when nothing is claimable. */
final class ClaimProbe {

  private final SqlDialect dialect;
  private final TransactionRunner runner;

  ClaimProbe(SqlDialect dialect, TransactionRunner runner) {
    this.dialect = dialect;
    this.runner = runner;
  }

  /**
   * With {@link SqlDialect#serialWrites()}: false if a read sees nothing to claim. A race with a
   * concurrent write only delays a claim to the next poll or work notification.
   */
  boolean maybeClaimable(String probeSql, String operation) {
    if (!dialect.serialWrites()) {
      return true;
    }
    return runner.read(operation, null, tx -> {
      PreparedStatement ps = tx.statement(probeSql);
      ps.setLong(1, millis(tx.now()));
      ps.setLong(2, millis(tx.now()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
  }
}

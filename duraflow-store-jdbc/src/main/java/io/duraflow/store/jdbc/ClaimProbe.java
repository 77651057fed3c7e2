package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.millis;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Set;

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
  /** @param instances true for the instance probe (see {@link NameFilter#applyToInstances}) */
  boolean maybeClaimable(String probeSql, Set<String> names, boolean instances, String operation) {
    if (!dialect.serialWrites()) {
      return true;
    }
    return runner.read(operation, null, tx -> {
      PreparedStatement ps = tx.statement(instances ? NameFilter.applyToInstances(probeSql, names)
          : NameFilter.apply(probeSql, names));
      ps.setLong(1, millis(tx.now()));
      ps.setLong(2, millis(tx.now()));
      NameFilter.bind(ps, 3, names);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
  }
}

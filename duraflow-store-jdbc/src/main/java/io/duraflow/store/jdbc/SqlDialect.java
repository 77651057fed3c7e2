package io.duraflow.store.jdbc;

import java.sql.SQLException;

/**
 * What differs between the SQL databases {@link JdbcOrchestrationStore} runs on. Everything else (upserts
 * with {@code ON CONFLICT DO NOTHING}, {@code UPDATE ... RETURNING}, row-value comparisons) is written
 * once in the subset that SQLite 3.35+ and PostgreSQL share; auto-increment ids come from each
 * database's migration ({@code AUTOINCREMENT} versus {@code GENERATED ALWAYS AS IDENTITY}).
 */
public interface SqlDialect {

  /**
   * Suffix of the inner {@code SELECT} of the claim queries: {@code FOR UPDATE SKIP LOCKED} where
   * concurrent writers exist, empty where a single writer makes claims serial (SQLite).
   */
  String claimLockClause();

  /** Suffix of a {@code SELECT} that reads a row before changing it: {@code FOR UPDATE} or empty. */
  String rowLockClause();

  /**
   * Tells other processes sharing the database that new work is visible; called inside the writing
   * transaction so that the signal is sent if and only if it commits. No-op for a single-process database.
   */
  void announceWork(Tx tx) throws SQLException;

  /**
   * True where write transactions run one at a time (SQLite: one writer thread, {@code BEGIN IMMEDIATE}).
   * Claims then (1) first look for claimable work with a cheap read and skip the write when there is
   * none, so that idle polling does not queue behind real writes, and (2) select candidates and update
   * them by key, which SQLite runs about three times faster than
   * {@code UPDATE ... WHERE pk IN (SELECT ...) RETURNING}, and which is race-free only because no other
   * write transaction can run in between.
   */
  default boolean serialWrites() {
    return false;
  }
}

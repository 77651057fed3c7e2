package io.duraflow.store.postgres;

import io.duraflow.store.jdbc.SqlDialect;
import io.duraflow.store.jdbc.Tx;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** PostgreSQL: row locks with SKIP LOCKED for claims, NOTIFY to wake other nodes. */
final class PostgresDialect implements SqlDialect {
  /** One channel for all schemas; the payload names the schema so that listeners can filter. */
  static final String CHANNEL = "duraflow_work";

  private static final String NOTIFY = "SELECT pg_notify(?, ?)";

  private final String payload;

  PostgresDialect(String schema) {
    this.payload = schema == null ? "" : schema;
  }

  @Override
  public String claimLockClause() {
    return "FOR UPDATE SKIP LOCKED";
  }

  @Override
  public String rowLockClause() {
    return "FOR UPDATE";
  }

  /** Inside the transaction: PostgreSQL delivers it on commit only, once per distinct payload. */
  @Override
  public void announceWork(Tx tx) throws SQLException {
    PreparedStatement ps = tx.statement(NOTIFY);
    ps.setString(1, CHANNEL);
    ps.setString(2, payload);
    ps.executeQuery().close();
  }

  String payload() {
    return payload;
  }
}

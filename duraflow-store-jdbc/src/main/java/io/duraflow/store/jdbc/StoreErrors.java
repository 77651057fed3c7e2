package io.duraflow.store.jdbc;

import io.duraflow.store.StoreException;
import java.sql.SQLException;

/** Builds {@link StoreException}s whose message names the operation and the instance. */
public final class StoreErrors {
  private StoreErrors() {}

  /** {@code Could not <operation> (instance '<id>'): <cause>; check that the database is reachable}. */
  public static StoreException wrap(String operation, String instanceId, Exception cause) {
    String sqlState = cause instanceof SQLException se && se.getSQLState() != null ? " [SQLState " + se.getSQLState() + "]" : "";
    String target = instanceId == null ? "" : " (instance '" + instanceId + "')";
    return new StoreException(
        "Could not " + operation + target + ": " + cause.getMessage() + sqlState
            + "; check that the database is reachable and healthy, then retry",
        cause);
  }
}

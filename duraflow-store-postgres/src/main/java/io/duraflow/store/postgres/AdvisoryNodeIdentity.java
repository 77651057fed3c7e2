package io.duraflow.store.postgres;

import io.duraflow.store.NodeIdentity;
import io.duraflow.store.jdbc.StoreErrors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * A node name made exclusive by a session-level advisory lock, held on a dedicated connection outside the
 * pool: the server drops it when the holder's session ends, including when its process is killed. Should
 * that connection break, the name may pass to another process; a node reusing it then releases leases
 * whose commits are version-checked, so the cost is repeated work, never a wrong result.
 */
final class AdvisoryNodeIdentity implements NodeIdentity {
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtextextended(?, 0))";

  private final String nodeId;
  private final Connection connection;

  private AdvisoryNodeIdentity(String nodeId, Connection connection) {
    this.nodeId = nodeId;
    this.connection = connection;
  }

  /** @param scope what makes the name unique in this database (the schema), so stores in two schemas do not clash */
  static Optional<NodeIdentity> tryLock(String jdbcUrl, Properties properties, String scope, String nodeId) {
    Connection c = null;
    try {
      c = DriverManager.getConnection(jdbcUrl, properties);
      c.setAutoCommit(true);
      try (PreparedStatement ps = c.prepareStatement(TRY_LOCK)) {
        ps.setString(1, "duraflow-node:" + scope + ":" + nodeId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            return Optional.of(new AdvisoryNodeIdentity(nodeId, c));
          }
        }
      }
      c.close();
      return Optional.empty();
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // already failing
        }
      }
      throw StoreErrors.wrap("lock node name '" + nodeId + "'", null, e);
    }
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public void close() {
    try {
      connection.close(); // ends the session, which releases the lock
    } catch (SQLException ignored) {
      // a broken connection has released it already
    }
  }
}

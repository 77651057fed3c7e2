package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.millis;

import io.duraflow.store.LeaseHolder;
import io.duraflow.store.ReleasedLeases;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Leases by owner: releasing all of one owner's at once (a node restarting under its own name) and
 * summarising who holds what. Both scan the instance table once; they run at a node's start, not per step,
 * and an index on {@code lock_owner} would cost every claim and commit (PostgreSQL could no longer update
 * the row in place).
 */
final class NodeLeases {

  private static final String RELEASE_INSTANCES = """
      UPDATE instances SET lock_owner = NULL, lock_expires_at = NULL, version = version + 1
       WHERE lock_owner = ? AND lock_expires_at > ?
      """;

  // Leased activities keep visible_at = lock_expires_at, so the range on visible_at uses its index.
  private static final String RELEASE_ACTIVITIES = """
      UPDATE activities SET lock_owner = NULL, lock_expires_at = NULL, visible_at = ?, version = version + 1
       WHERE visible_at > ? AND lock_owner = ?
      """;

  /** Entity leases (a batch in flight): the batch committed nothing, so the entity is claimable at once. */
  private static final String RELEASE_ENTITIES = """
      UPDATE entities SET lock_owner = NULL, lock_expires_at = NULL, version = version + 1
       WHERE lock_owner = ? AND lock_expires_at > ?
      """;

  private static final String INSTANCE_HOLDERS = """
      SELECT lock_owner, count(*), max(lock_expires_at) FROM instances
       WHERE lock_owner IS NOT NULL AND lock_expires_at > ?
       GROUP BY lock_owner
      """;

  private static final String ACTIVITY_HOLDERS = """
      SELECT lock_owner, count(*), max(lock_expires_at) FROM activities
       WHERE visible_at > ? AND lock_owner IS NOT NULL
       GROUP BY lock_owner
      """;

  private final TransactionRunner runner;

  NodeLeases(TransactionRunner runner) {
    this.runner = runner;
  }

  ReleasedLeases releaseLeasesOf(String owner) {
    Objects.requireNonNull(owner, "owner");
    return runner.write("release the leases of " + owner, null, tx -> {
      long now = millis(tx.now());
      PreparedStatement instances = tx.statement(RELEASE_INSTANCES);
      instances.setString(1, owner);
      instances.setLong(2, now);
      int released = instances.executeUpdate();
      PreparedStatement activities = tx.statement(RELEASE_ACTIVITIES);
      activities.setLong(1, now);
      activities.setLong(2, now);
      activities.setString(3, owner);
      int activityCount = activities.executeUpdate();
      PreparedStatement entities = tx.statement(RELEASE_ENTITIES);
      entities.setString(1, owner);
      entities.setLong(2, now);
      int entityCount = entities.executeUpdate(); // not in ReleasedLeases: that reports instance and activity work
      if (released + activityCount + entityCount > 0) {
        tx.markWorkAdded();
      }
      return new ReleasedLeases(released, activityCount);
    });
  }

  List<LeaseHolder> leaseHolders() {
    return runner.read("list lease holders", null, tx -> {
      long now = millis(tx.now());
      Map<String, long[]> byOwner = new TreeMap<>(); // owner -> instances, activities, latest expiry
      for (int kind = 0; kind < 2; kind++) {
        PreparedStatement ps = tx.statement(kind == 0 ? INSTANCE_HOLDERS : ACTIVITY_HOLDERS);
        ps.setLong(1, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long[] row = byOwner.computeIfAbsent(rs.getString(1), k -> new long[3]);
            row[kind] = rs.getLong(2);
            row[2] = Math.max(row[2], rs.getLong(3));
          }
        }
      }
      List<LeaseHolder> holders = new ArrayList<>(byOwner.size());
      byOwner.forEach((owner, row) ->
          holders.add(new LeaseHolder(owner, (int) row[0], (int) row[1], Instant.ofEpochMilli(row[2]))));
      return holders;
    });
  }
}

package io.duraflow.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * User tags (search attributes) of instances: rows of {@code instance_tags}, one per key, indexed by
 * (task hub, key, value) for the list filter ({@link InstanceQueries}). Written with the instance's creation,
 * by the steps that set them, or by a client; removed with the instance.
 */
final class InstanceTags {
  static final String DELETE = "DELETE FROM instance_tags WHERE task_hub = ? AND instance_id = ?";

  private static final String DELETE_ONE =
      "DELETE FROM instance_tags WHERE task_hub = ? AND instance_id = ? AND tag_key = ?";

  private static final String UPSERT = """
      INSERT INTO instance_tags (task_hub, instance_id, tag_key, tag_value) VALUES (?, ?, ?, ?)
      ON CONFLICT (task_hub, instance_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value
      """;

  private static final String SELECT = """
      SELECT tag_key, tag_value FROM instance_tags WHERE task_hub = ? AND instance_id = ? ORDER BY tag_key
      """;

  /** Only if the instance exists, so a late write cannot leave tags of a purged instance. */
  private static final String EXISTS = "SELECT 1 FROM instances WHERE task_hub = ? AND instance_id = ?";

  private InstanceTags() {}

  /** Checks a tag key and value (a null value removes the key). */
  static void check(String key, String value) {
    io.duraflow.store.NewInstance.checkTag(key, value);
  }

  static void delete(Tx tx, String hub, String id) throws SQLException {
    PreparedStatement ps = tx.statement(DELETE);
    ps.setString(1, hub);
    ps.setString(2, id);
    ps.executeUpdate();
  }

  /** Upserts the tags of an instance; a null value deletes its key. */
  static void add(Tx tx, String hub, String id, Map<String, String> tags) throws SQLException {
    if (tags == null || tags.isEmpty()) {
      return;
    }
    for (Map.Entry<String, String> e : new TreeMap<>(tags).entrySet()) {
      check(e.getKey(), e.getValue());
      PreparedStatement ps = tx.statement(e.getValue() == null ? DELETE_ONE : UPSERT);
      ps.setString(1, hub);
      ps.setString(2, id);
      ps.setString(3, e.getKey());
      if (e.getValue() != null) {
        ps.setString(4, e.getValue());
      }
      ps.executeUpdate();
    }
  }

  /** {@link #add} for an instance that may be gone: returns false (and writes nothing) when it is. */
  static boolean addIfExists(Tx tx, String hub, String id, Map<String, String> tags) throws SQLException {
    PreparedStatement ps = tx.statement(EXISTS);
    ps.setString(1, hub);
    ps.setString(2, id);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return false;
      }
    }
    add(tx, hub, id, tags);
    return true;
  }

  static Map<String, String> read(Tx tx, String hub, String id) throws SQLException {
    PreparedStatement ps = tx.statement(SELECT);
    ps.setString(1, hub);
    ps.setString(2, id);
    Map<String, String> tags = new TreeMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        tags.put(rs.getString(1), rs.getString(2));
      }
    }
    return tags;
  }
}

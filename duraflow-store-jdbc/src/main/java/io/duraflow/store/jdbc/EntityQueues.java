package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.millis;
import static io.duraflow.store.jdbc.Rows.visibleMillis;

import io.duraflow.api.EntityInstanceId;
import io.duraflow.history.HistoryEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Delivery into an entity's queue: the message goes into {@code entity_ops} in the same transaction that
 * creates the entity's row if needed and lowers its ready time ({@code entities.next_visible_at}), as
 * {@link Inbox} does for instances. {@link Inbox#deliver} routes messages for {@code @name@key} here, so
 * every writer (client signals, orchestration steps, entity batches) queues entity messages alike.
 */
final class EntityQueues {

  private static final String UPSERT_ENTITY = """
      INSERT INTO entities (task_hub, name, entity_key, created_at, next_visible_at)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (task_hub, name, entity_key) DO UPDATE
         SET next_visible_at = CASE WHEN entities.next_visible_at IS NULL
                                      OR entities.next_visible_at > excluded.next_visible_at
                                    THEN excluded.next_visible_at ELSE entities.next_visible_at END
      """;

  private static final String INSERT_OP = """
      INSERT INTO entity_ops (task_hub, name, entity_key, event_type, event, visible_at)
      VALUES (?, ?, ?, ?, ?, ?)
      """;

  private EntityQueues() {}

  /** The messages an entity runs: what {@link Inbox#deliver} routes to a queue. */
  static boolean isEntityMessage(HistoryEvent event) {
    return event instanceof io.duraflow.history.EntityOperationSignaled
        || event instanceof io.duraflow.history.EntityOperationCalled
        || event instanceof io.duraflow.history.EntityLockRequested
        || event instanceof io.duraflow.history.EntityUnlockSent;
  }

  /**
   * Queues {@code event} for entity {@code id}; always succeeds (the entity's row is created on demand).
   *
   * <p>The row is written (and so, on PostgreSQL, locked) before the message is inserted, on purpose: a
   * claim leases the same row before it reads the queue, and a batch commit updates it before it
   * recomputes the ready time. Queueing and claiming therefore take turns on the row, which gives three
   * guarantees: a message's id is drawn after every message queued before it committed (ids are arrival
   * order, with no late-committing lower id behind a claim's last one), a claim sees every message whose
   * transaction took the row before it, and a commit's ready time never misses a message queued meanwhile
   * (the queueing transaction re-evaluates its {@code CASE} against the committed row).
   */
  static void enqueue(Tx tx, String hub, EntityInstanceId id, HistoryEvent event, Instant visibleAt, String json)
      throws SQLException {
    long visible = visibleMillis(visibleAt);
    PreparedStatement upsert = tx.statement(UPSERT_ENTITY);
    upsert.setString(1, hub);
    upsert.setString(2, id.name());
    upsert.setString(3, id.key());
    upsert.setLong(4, millis(tx.now()));
    upsert.setLong(5, visible);
    upsert.executeUpdate();
    PreparedStatement insert = tx.statement(INSERT_OP);
    insert.setString(1, hub);
    insert.setString(2, id.name());
    insert.setString(3, id.key());
    insert.setString(4, event.eventType());
    insert.setString(5, json);
    insert.setLong(6, visible);
    insert.executeUpdate();
    tx.markWorkAdded();
  }
}

package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.visibleMillis;

import io.duraflow.history.HistoryEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Inbox delivery: a message goes into {@code inbox} in the same transaction that lowers the target's
 * {@code instances.next_visible_at}, the ready index of {@link JdbcOrchestrationStore}'s design note.
 */
final class Inbox {

  /** Lowers the ready time of the target; zero rows means there is no such instance. */
  private static final String LOWER_NEXT_VISIBLE = """
      UPDATE instances
         SET next_visible_at = CASE WHEN next_visible_at IS NULL OR next_visible_at > ? THEN ?
                                    ELSE next_visible_at END
       WHERE task_hub = ? AND instance_id = ?
      """;

  private static final String INSERT_INBOX = """
      INSERT INTO inbox (task_hub, instance_id, execution_id, event_type, event, visible_at)
      VALUES (?, ?, ?, ?, ?, ?)
      """;

  private Inbox() {}

  /**
   * Adds a message to an instance's inbox; false (nothing written) if the instance does not exist. An
   * entity message (signal, call, lock, unlock) for {@code @name@key} goes to that entity's queue instead;
   * anything else keeps going to instances, so an orchestration whose own id looks like {@code @a@b}
   * still gets its timers and events.
   */
  static boolean deliver(Tx tx, String hub, String id, String executionId, HistoryEvent event, Instant visibleAt,
      Encoded json) throws SQLException {
    if (EntityQueues.isEntityMessage(event) && io.duraflow.api.EntityInstanceId.isEntity(id)) {
      EntityQueues.enqueue(tx, hub, io.duraflow.api.EntityInstanceId.fromInstanceId(id), event, visibleAt, json.get(event));
      return true;
    }
    PreparedStatement lower = tx.statement(LOWER_NEXT_VISIBLE);
    lower.setLong(1, visibleMillis(visibleAt));
    lower.setLong(2, visibleMillis(visibleAt));
    lower.setString(3, hub);
    lower.setString(4, id);
    if (lower.executeUpdate() == 0) {
      return false;
    }
    insertInbox(tx, hub, id, executionId, event, visibleAt, json);
    tx.markWorkAdded();
    return true;
  }

  static void insertInbox(Tx tx, String hub, String id, String executionId, HistoryEvent event, Instant visibleAt,
      Encoded json) throws SQLException {
    PreparedStatement ps = tx.statement(INSERT_INBOX);
    ps.setString(1, hub);
    ps.setString(2, id);
    ps.setString(3, executionId);
    ps.setString(4, event.eventType());
    ps.setString(5, json.get(event));
    ps.setLong(6, visibleMillis(visibleAt));
    ps.executeUpdate();
  }
}

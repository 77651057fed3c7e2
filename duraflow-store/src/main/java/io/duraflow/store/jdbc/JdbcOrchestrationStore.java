package io.duraflow.store.jdbc;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.InvalidInstanceStateException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.ActivityLease;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.InboxMessage;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.InstanceUpdate;
import io.duraflow.store.LeaseLostException;
import io.duraflow.store.NewActivity;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.OutboundMessage;
import io.duraflow.store.PurgeFilter;
import io.duraflow.store.StoreException;
import io.duraflow.store.codec.HistoryEventCodec;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OrchestrationStore} logic shared by SQLite and PostgreSQL: plain JDBC over the tables of
 * {@code db/migration/*}/V1, with a {@link SqlDialect} for the few differences and a
 * {@link TransactionRunner} that decides how transactions run (a pool for PostgreSQL, a group-committing
 * single writer for SQLite).
 *
 * <h2>Design note: claims and commits</h2>
 *
 * <ul>
 *   <li><b>Ready index.</b> {@code instances.next_visible_at} caches the earliest {@code visible_at} of the
 *       instance's inbox. Every inbox insert lowers it ({@code least}); a commit recomputes it from the
 *       inbox after deleting the consumed messages. The orchestration claim is then an index range scan
 *       on {@code next_visible_at <= now}, oldest first, instead of a join over the whole inbox. A stale
 *       (too early) value is harmless: a claim that finds no visible messages repairs the value and releases
 *       the lease. A too-late value cannot happen: writers lower it in the transaction that inserts the
 *       message, and under PostgreSQL's READ COMMITTED the lowering {@code UPDATE} re-evaluates against the
 *       latest row version.
 *   <li><b>Leases.</b> A claim sets {@code lock_owner}, {@code lock_expires_at = now + lease} and
 *       {@code version = version + 1}; a lease is live while {@code now < lock_expires_at}. Commit, renew
 *       and abandon match on {@code version = item.lockVersion()}: zero rows means a newer claim (or a
 *       replace) happened, so the caller lost its lease. Commit and abandon bump the version again, so a
 *       duplicate commit of the same work item fails instead of appending history twice.
 *   <li><b>Activities</b> keep {@code visible_at = lock_expires_at} while leased, so the activity claim
 *       is one range scan over {@code visible_at} as well.
 *   <li><b>Concurrency.</b> PostgreSQL claims with {@code UPDATE ... WHERE pk IN (SELECT ... FOR UPDATE SKIP
 *       LOCKED)}, so concurrent workers never wait for or share a row. SQLite runs every write on one
 *       writer thread, which makes each claim serial.
 * </ul>
 *
 * <p>Timestamps are UTC epoch milliseconds in {@code BIGINT} columns: no driver or session time zone is
 * involved, and every {@code Instant} from 1970-2^63 ms round-trips exactly at millisecond precision.
 * History events keep full precision inside their JSON.
 *
 * <p>Thread-safe.
 */
public class JdbcOrchestrationStore implements OrchestrationStore {

  private static final Logger log = LoggerFactory.getLogger(JdbcOrchestrationStore.class);

  private static final String TERMINAL_STATUSES =
      Arrays.stream(OrchestrationRuntimeStatus.values())
          .filter(OrchestrationRuntimeStatus::isTerminal)
          .map(s -> "'" + s.wireName() + "'")
          .collect(Collectors.joining(", ", "(", ")"));

  private static final String INSTANCE_COLUMNS =
      "task_hub, instance_id, name, execution_id, runtime_status, input, output, custom_status, failure_details,"
          + " created_at, last_updated_at, scheduled_start_at, parent_instance_id, history_size, version";

  // ---------------------------------------------------------------- instances

  private static final String INSERT_INSTANCE_IF_ABSENT = """
      INSERT INTO instances (task_hub, instance_id, name, execution_id, runtime_status, input,
                             created_at, last_updated_at, scheduled_start_at, parent_instance_id,
                             history_size, next_visible_at, version)
      VALUES (?, ?, ?, ?, 'Pending', ?, ?, ?, ?, ?, 0, ?, 0)
      ON CONFLICT (task_hub, instance_id) DO NOTHING
      """;

  /** Replaces a terminal instance in place; the version keeps growing so stale leases stay stale. */
  private static final String REPLACE_TERMINAL_INSTANCE = """
      UPDATE instances
         SET name = ?, execution_id = ?, runtime_status = 'Pending', input = ?, output = NULL,
             custom_status = NULL, failure_details = NULL, created_at = ?, last_updated_at = ?,
             scheduled_start_at = ?, parent_instance_id = ?, history_size = 0, next_visible_at = ?,
             lock_owner = NULL, lock_expires_at = NULL, version = version + 1
       WHERE task_hub = ? AND instance_id = ? AND runtime_status IN """ + TERMINAL_STATUSES;

  private static final String SELECT_STATUS = """
      SELECT runtime_status FROM instances WHERE task_hub = ? AND instance_id = ?
      """;

  private static final String SELECT_INSTANCE =
      "SELECT " + INSTANCE_COLUMNS + " FROM instances WHERE task_hub = ? AND instance_id = ?";

  private static final String DELETE_INSTANCE = "DELETE FROM instances WHERE task_hub = ? AND instance_id = ?";
  private static final String DELETE_HISTORY = "DELETE FROM history WHERE task_hub = ? AND instance_id = ?";
  private static final String DELETE_INBOX = "DELETE FROM inbox WHERE task_hub = ? AND instance_id = ?";
  private static final String DELETE_ACTIVITIES = "DELETE FROM activities WHERE task_hub = ? AND instance_id = ?";

  // ---------------------------------------------------------------- inbox

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

  private static final String REFRESH_NEXT_VISIBLE = """
      UPDATE instances
         SET next_visible_at = (SELECT min(m.visible_at) FROM inbox m
                                 WHERE m.task_hub = instances.task_hub AND m.instance_id = instances.instance_id)
       WHERE task_hub = ? AND instance_id = ?
      """;

  private static final String RELEASE_EMPTY_CLAIM = """
      UPDATE instances
         SET lock_owner = NULL, lock_expires_at = NULL,
             next_visible_at = (SELECT min(m.visible_at) FROM inbox m
                                 WHERE m.task_hub = instances.task_hub AND m.instance_id = instances.instance_id)
       WHERE task_hub = ? AND instance_id = ? AND version = ?
      """;

  /**
   * %s: one {@code (task_hub = ? AND instance_id = ?)} per claimed instance, joined by OR; both databases
   * turn that into one index search per instance (SQLite would scan the table for a row-value IN list).
   */
  private static final String SELECT_VISIBLE_MESSAGES = """
      SELECT task_hub, instance_id, id, execution_id, event FROM inbox
       WHERE (%s) AND visible_at <= ?
       ORDER BY id
      """;

  private static final String DELETE_MESSAGE = "DELETE FROM inbox WHERE id = ? AND task_hub = ? AND instance_id = ?";

  // ---------------------------------------------------------------- orchestration work items

  /** %s: the dialect's claim lock clause. */
  private static final String CLAIM_INSTANCES = """
      UPDATE instances
         SET lock_owner = ?, lock_expires_at = ?, version = version + 1
       WHERE (task_hub, instance_id) IN (
             SELECT task_hub, instance_id FROM instances
              WHERE next_visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
              ORDER BY next_visible_at
              LIMIT ? %s)
      RETURNING """ + " " + INSTANCE_COLUMNS;

  /** Serial-writer variant, step 1: the candidates (see {@link SqlDialect#serialWrites()}). */
  private static final String SELECT_CLAIMABLE_INSTANCES = "SELECT " + INSTANCE_COLUMNS + """
       FROM instances
      WHERE next_visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
      ORDER BY next_visible_at
      LIMIT ?
      """;

  /** Serial-writer variant, step 2: lease one candidate by key. */
  private static final String LEASE_INSTANCE = """
      UPDATE instances SET lock_owner = ?, lock_expires_at = ?, version = version + 1
       WHERE task_hub = ? AND instance_id = ? AND version = ?
      """;

  private static final String PROBE_CLAIMABLE_INSTANCE = """
      SELECT 1 FROM instances
       WHERE next_visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
       LIMIT 1
      """;

  private static final String COMMIT_INSTANCE = """
      UPDATE instances
         SET runtime_status = ?, name = COALESCE(?, name), execution_id = COALESCE(?, execution_id), input = ?,
             output = ?, custom_status = ?, failure_details = ?, last_updated_at = ?, history_size = ?,
             lock_owner = NULL, lock_expires_at = NULL, version = version + 1
       WHERE task_hub = ? AND instance_id = ? AND version = ?
      """;

  private static final String INSERT_HISTORY = """
      INSERT INTO history (task_hub, instance_id, execution_id, seq, event_type, event, ts)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """;

  private static final String RENEW_INSTANCE_LEASE = """
      UPDATE instances SET lock_expires_at = ?
       WHERE task_hub = ? AND instance_id = ? AND version = ? AND lock_owner IS NOT NULL
      """;

  private static final String ABANDON_INSTANCE = """
      UPDATE instances SET lock_owner = NULL, lock_expires_at = ?, version = version + 1
       WHERE task_hub = ? AND instance_id = ? AND version = ?
      """;

  private static final String SELECT_CURRENT_HISTORY = """
      SELECT h.event FROM history h
        JOIN instances i ON i.task_hub = h.task_hub AND i.instance_id = h.instance_id
                        AND i.execution_id = h.execution_id
       WHERE i.task_hub = ? AND i.instance_id = ?
       ORDER BY h.seq
      """;

  private static final String SELECT_HISTORY_FROM = """
      SELECT event FROM history
       WHERE task_hub = ? AND instance_id = ? AND execution_id = ? AND seq >= ?
       ORDER BY seq
      """;

  // ---------------------------------------------------------------- activities

  private static final String INSERT_ACTIVITY = """
      INSERT INTO activities (task_hub, instance_id, execution_id, task_id, name, input, visible_at,
                              version, dequeue_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)
      """;

  /** An activity created already leased to the committing worker (see {@link ActivityLease}). */
  private static final String INSERT_LEASED_ACTIVITY = """
      INSERT INTO activities (task_hub, instance_id, execution_id, task_id, name, input, visible_at,
                              lock_owner, lock_expires_at, version, dequeue_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)
      RETURNING id
      """;

  /** %s: the dialect's claim lock clause. While leased, visible_at equals lock_expires_at. */
  private static final String CLAIM_ACTIVITIES = """
      UPDATE activities
         SET lock_owner = ?, lock_expires_at = ?, visible_at = ?, version = version + 1,
             dequeue_count = dequeue_count + 1
       WHERE id IN (
             SELECT id FROM activities
              WHERE visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
              ORDER BY visible_at, id
              LIMIT ? %s)
      RETURNING id, task_hub, instance_id, execution_id, task_id, name, input, version, dequeue_count
      """;

  private static final String SELECT_CLAIMABLE_ACTIVITIES = """
      SELECT id, task_hub, instance_id, execution_id, task_id, name, input, version, dequeue_count
        FROM activities
       WHERE visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
       ORDER BY visible_at, id
       LIMIT ?
      """;

  private static final String LEASE_ACTIVITY = """
      UPDATE activities
         SET lock_owner = ?, lock_expires_at = ?, visible_at = ?, version = version + 1,
             dequeue_count = dequeue_count + 1
       WHERE id = ? AND version = ?
      """;

  private static final String PROBE_CLAIMABLE_ACTIVITY = """
      SELECT 1 FROM activities
       WHERE visible_at <= ? AND (lock_expires_at IS NULL OR lock_expires_at <= ?)
       LIMIT 1
      """;

  private static final String DELETE_LEASED_ACTIVITY = "DELETE FROM activities WHERE id = ? AND version = ?";

  private static final String ABANDON_ACTIVITY = """
      UPDATE activities SET lock_owner = NULL, lock_expires_at = NULL, visible_at = ?, version = version + 1
       WHERE id = ? AND version = ?
      """;

  private static final String RENEW_ACTIVITY_LEASE = """
      UPDATE activities SET lock_expires_at = ?, visible_at = ?
       WHERE id = ? AND version = ? AND lock_owner IS NOT NULL
      """;

  // ---------------------------------------------------------------- queries and purge

  private static final String QUERY_INSTANCES = "SELECT " + INSTANCE_COLUMNS + " FROM instances WHERE task_hub = ?";
  private static final String FILTER_CREATED_FROM = " AND created_at >= ?";
  private static final String FILTER_CREATED_TO = " AND created_at <= ?";
  /** substr instead of LIKE: no wildcard escaping, same meaning in both databases. */
  private static final String FILTER_ID_PREFIX = " AND substr(instance_id, 1, ?) = ?";
  private static final String FILTER_AFTER_TOKEN = " AND (created_at, instance_id) > (?, ?)";
  private static final String QUERY_ORDER = " ORDER BY created_at, instance_id LIMIT ?";

  private static final String SELECT_PURGEABLE = "SELECT instance_id FROM instances WHERE task_hub = ?";

  private final SqlDialect dialect;
  private final TransactionRunner runner;
  private final WorkListeners listeners;
  private final HistoryEventCodec codec;
  private final java.time.Clock clock;
  private final String description;
  private final String claimInstancesSql;
  private final String claimActivitiesSql;
  private final String selectStatusForUpdateSql;

  /**
   * @param listeners the listeners that {@code runner} fires after commits that added work
   * @param clock the source of every timestamp the store writes
   */
  public JdbcOrchestrationStore(
      SqlDialect dialect, TransactionRunner runner, WorkListeners listeners, java.time.Clock clock, String description) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.listeners = Objects.requireNonNull(listeners, "listeners");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.description = description;
    this.codec = new HistoryEventCodec();
    this.claimInstancesSql = CLAIM_INSTANCES.formatted(dialect.claimLockClause());
    this.claimActivitiesSql = CLAIM_ACTIVITIES.formatted(dialect.claimLockClause());
    this.selectStatusForUpdateSql = SELECT_STATUS.strip() + " " + dialect.rowLockClause();
  }

  /** The store's clock. */
  protected java.time.Clock clock() {
    return clock;
  }

  private <T> T write(String operation, String instanceId, TxWork<T> work) {
    return runner.write(operation, instanceId, tx -> {
      T result = work.run(tx);
      if (tx.workAdded()) {
        dialect.announceWork(tx);
      }
      return result;
    });
  }

  // ================================================================ client side

  @Override
  public void createInstance(NewInstance request) {
    Objects.requireNonNull(request, "request");
    Encoded json = new Encoded(codec).add(request.started()); // JSON work stays off a serial writer
    write("create instance", request.instanceId(), tx -> {
      createOrReplace(tx, request, true, json);
      return null;
    });
  }

  /**
   * Inserts the instance and its ExecutionStarted message; replaces a terminal one. A non-terminal one
   * makes this throw (client create) or return false (sub-orchestration: left alone).
   */
  private boolean createOrReplace(Tx tx, NewInstance r, boolean failIfActive, Encoded json) throws SQLException {
    ExecutionStarted s = r.started();
    Objects.requireNonNull(s.executionId(), "started.executionId");
    Instant visibleAt = s.scheduledStartAt() != null ? s.scheduledStartAt() : tx.now();
    String parentId = s.parent() == null ? null : s.parent().instanceId();
    String name = s.name() == null ? "" : s.name();
    PreparedStatement insert = tx.statement(INSERT_INSTANCE_IF_ABSENT);
    int i = 1;
    insert.setString(i++, r.taskHub());
    insert.setString(i++, r.instanceId());
    insert.setString(i++, name);
    insert.setString(i++, s.executionId());
    insert.setString(i++, s.input());
    insert.setLong(i++, millis(tx.now()));
    insert.setLong(i++, millis(tx.now()));
    setMillis(insert, i++, s.scheduledStartAt());
    insert.setString(i++, parentId);
    insert.setLong(i, millis(visibleAt));
    if (insert.executeUpdate() == 0) {
      PreparedStatement replace = tx.statement(REPLACE_TERMINAL_INSTANCE);
      i = 1;
      replace.setString(i++, name);
      replace.setString(i++, s.executionId());
      replace.setString(i++, s.input());
      replace.setLong(i++, millis(tx.now()));
      replace.setLong(i++, millis(tx.now()));
      setMillis(replace, i++, s.scheduledStartAt());
      replace.setString(i++, parentId);
      replace.setLong(i++, millis(visibleAt));
      replace.setString(i++, r.taskHub());
      replace.setString(i, r.instanceId());
      if (replace.executeUpdate() == 0) {
        OrchestrationRuntimeStatus status = selectStatus(tx, r.taskHub(), r.instanceId(), false);
        if (status == null) {
          // Purged between our insert attempt and the replace (PostgreSQL only): rare, retryable.
          throw new StoreException("Instance '" + r.instanceId() + "' was purged while being created; retry", null);
        }
        if (failIfActive) {
          throw new InstanceAlreadyExistsException(r.instanceId(), status);
        }
        return false;
      }
      deleteChildren(tx, r.taskHub(), r.instanceId(), false);
    }
    insertInbox(tx, r.taskHub(), r.instanceId(), s.executionId(), s, visibleAt, json);
    tx.markWorkAdded();
    return true;
  }

  private void deleteChildren(Tx tx, String hub, String id, boolean instanceToo) throws SQLException {
    for (String sql : instanceToo
        ? List.of(DELETE_HISTORY, DELETE_INBOX, DELETE_ACTIVITIES, DELETE_INSTANCE)
        : List.of(DELETE_HISTORY, DELETE_INBOX, DELETE_ACTIVITIES)) {
      PreparedStatement ps = tx.statement(sql);
      ps.setString(1, hub);
      ps.setString(2, id);
      ps.executeUpdate();
    }
  }

  private OrchestrationRuntimeStatus selectStatus(Tx tx, String hub, String id, boolean lock) throws SQLException {
    PreparedStatement ps = tx.statement(lock ? selectStatusForUpdateSql : SELECT_STATUS);
    ps.setString(1, hub);
    ps.setString(2, id);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? OrchestrationRuntimeStatus.parse(rs.getString(1)) : null;
    }
  }

  @Override
  public void sendMessage(String taskHub, String instanceId, HistoryEvent event, Instant visibleAt) {
    Objects.requireNonNull(taskHub, "taskHub");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(event, "event");
    Encoded json = new Encoded(codec).add(event);
    write("send " + event.eventType() + " to", instanceId, tx -> {
      if (!deliver(tx, taskHub, instanceId, null, event, visibleAt == null ? tx.now() : visibleAt, json)) {
        throw new InstanceNotFoundException(taskHub, instanceId);
      }
      return null;
    });
  }

  /** Adds a message to an instance's inbox; false (nothing written) if the instance does not exist. */
  private boolean deliver(Tx tx, String hub, String id, String executionId, HistoryEvent event, Instant visibleAt,
      Encoded json) throws SQLException {
    PreparedStatement lower = tx.statement(LOWER_NEXT_VISIBLE);
    lower.setLong(1, millis(visibleAt));
    lower.setLong(2, millis(visibleAt));
    lower.setString(3, hub);
    lower.setString(4, id);
    if (lower.executeUpdate() == 0) {
      return false;
    }
    insertInbox(tx, hub, id, executionId, event, visibleAt, json);
    tx.markWorkAdded();
    return true;
  }

  private void insertInbox(Tx tx, String hub, String id, String executionId, HistoryEvent event, Instant visibleAt,
      Encoded json) throws SQLException {
    PreparedStatement ps = tx.statement(INSERT_INBOX);
    ps.setString(1, hub);
    ps.setString(2, id);
    ps.setString(3, executionId);
    ps.setString(4, event.eventType());
    ps.setString(5, json.get(event));
    ps.setLong(6, millis(visibleAt));
    ps.executeUpdate();
  }

  @Override
  public Optional<InstanceRecord> getInstance(String taskHub, String instanceId) {
    return runner.read("read instance", instanceId, tx -> {
      PreparedStatement ps = tx.statement(SELECT_INSTANCE);
      ps.setString(1, taskHub);
      ps.setString(2, instanceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(readInstance(rs)) : Optional.<InstanceRecord>empty();
      }
    });
  }

  @Override
  public List<HistoryEvent> getHistory(String taskHub, String instanceId) {
    return runner.read("read history of", instanceId, tx -> {
      PreparedStatement ps = tx.statement(SELECT_CURRENT_HISTORY);
      ps.setString(1, taskHub);
      ps.setString(2, instanceId);
      return readEvents(ps);
    });
  }

  @Override
  public List<HistoryEvent> loadHistory(String taskHub, String instanceId, String executionId, int fromIndex) {
    return runner.read("load history of", instanceId, tx -> {
      PreparedStatement ps = tx.statement(SELECT_HISTORY_FROM);
      ps.setString(1, taskHub);
      ps.setString(2, instanceId);
      ps.setString(3, executionId);
      ps.setInt(4, fromIndex);
      return readEvents(ps);
    });
  }

  private List<HistoryEvent> readEvents(PreparedStatement ps) throws SQLException {
    List<HistoryEvent> events = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        events.add(codec.decode(rs.getString(1)));
      }
    }
    return events;
  }

  @Override
  public InstancePage queryInstances(String taskHub, InstanceQuery query) {
    Objects.requireNonNull(taskHub, "taskHub");
    Objects.requireNonNull(query, "query");
    PageToken after = query.continuationToken() == null ? null : PageToken.decode(query.continuationToken());
    StringBuilder sql = new StringBuilder(QUERY_INSTANCES);
    if (!query.runtimeStatus().isEmpty()) {
      sql.append(statusFilter(query.runtimeStatus()));
    }
    if (query.createdFrom() != null) {
      sql.append(FILTER_CREATED_FROM);
    }
    if (query.createdTo() != null) {
      sql.append(FILTER_CREATED_TO);
    }
    boolean prefix = query.instanceIdPrefix() != null && !query.instanceIdPrefix().isEmpty();
    if (prefix) {
      sql.append(FILTER_ID_PREFIX);
    }
    if (after != null) {
      sql.append(FILTER_AFTER_TOKEN);
    }
    sql.append(QUERY_ORDER);
    return runner.read("query instances", null, tx -> {
      PreparedStatement ps = tx.statement(sql.toString());
      int i = 1;
      ps.setString(i++, taskHub);
      if (query.createdFrom() != null) {
        ps.setLong(i++, millis(query.createdFrom()));
      }
      if (query.createdTo() != null) {
        ps.setLong(i++, millis(query.createdTo()));
      }
      if (prefix) {
        ps.setInt(i++, query.instanceIdPrefix().length());
        ps.setString(i++, query.instanceIdPrefix());
      }
      if (after != null) {
        ps.setLong(i++, after.createdAtMillis());
        ps.setString(i++, after.instanceId());
      }
      ps.setInt(i, query.pageSize() + 1);
      List<InstanceRecord> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(readInstance(rs));
        }
      }
      if (rows.size() <= query.pageSize()) {
        return new InstancePage(List.copyOf(rows), null);
      }
      List<InstanceRecord> page = List.copyOf(rows.subList(0, query.pageSize()));
      InstanceRecord last = page.get(page.size() - 1);
      return new InstancePage(page, new PageToken(millis(last.createdAt()), last.instanceId()).encode());
    });
  }

  /** Status names are enum constants, so inlining them is safe and keeps the statement cacheable. */
  private static String statusFilter(Set<OrchestrationRuntimeStatus> statuses) {
    return statuses.stream()
        .sorted()
        .map(s -> "'" + s.wireName() + "'")
        .collect(Collectors.joining(", ", " AND runtime_status IN (", ")"));
  }

  @Override
  public boolean purgeInstance(String taskHub, String instanceId) {
    return write("purge", instanceId, tx -> {
      OrchestrationRuntimeStatus status = selectStatus(tx, taskHub, instanceId, true);
      if (status == null) {
        return false;
      }
      if (!status.isTerminal()) {
        throw new InvalidInstanceStateException(instanceId, status, "purge");
      }
      deleteChildren(tx, taskHub, instanceId, true);
      return true;
    });
  }

  @Override
  public int purgeInstances(String taskHub, PurgeFilter filter) {
    Objects.requireNonNull(filter, "filter");
    Set<OrchestrationRuntimeStatus> statuses = EnumSet.noneOf(OrchestrationRuntimeStatus.class);
    for (OrchestrationRuntimeStatus s : OrchestrationRuntimeStatus.values()) {
      if (s.isTerminal() && (filter.runtimeStatus().isEmpty() || filter.runtimeStatus().contains(s))) {
        statuses.add(s);
      }
    }
    if (statuses.isEmpty()) {
      return 0;
    }
    StringBuilder sql = new StringBuilder(SELECT_PURGEABLE).append(statusFilter(statuses));
    if (filter.createdFrom() != null) {
      sql.append(FILTER_CREATED_FROM);
    }
    if (filter.createdTo() != null) {
      sql.append(FILTER_CREATED_TO);
    }
    sql.append(' ').append(dialect.rowLockClause());
    return write("purge instances of task hub '" + taskHub + "'", null, tx -> {
      PreparedStatement ps = tx.statement(sql.toString());
      int i = 1;
      ps.setString(i++, taskHub);
      if (filter.createdFrom() != null) {
        ps.setLong(i++, millis(filter.createdFrom()));
      }
      if (filter.createdTo() != null) {
        ps.setLong(i, millis(filter.createdTo()));
      }
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      // The rows are locked (PostgreSQL) or the writer is alone (SQLite): they stay terminal until commit.
      for (String sqlText : List.of(DELETE_HISTORY, DELETE_INBOX, DELETE_ACTIVITIES, DELETE_INSTANCE)) {
        PreparedStatement delete = tx.statement(sqlText);
        for (String id : ids) {
          delete.setString(1, taskHub);
          delete.setString(2, id);
          delete.addBatch();
        }
        if (!ids.isEmpty()) {
          delete.executeBatch();
        }
      }
      return ids.size();
    });
  }

  // ================================================================ worker side

  @Override
  public List<OrchestrationWorkItem> claimOrchestrationWorkItems(String owner, int max, Duration lease) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
    if (max <= 0 || !maybeClaimable(PROBE_CLAIMABLE_INSTANCE, "probe for orchestration work items")) {
      return List.of();
    }
    List<RawWorkItem> raw = write("claim orchestration work items for " + owner, null, tx -> {
      long now = millis(tx.now());
      List<ClaimedInstance> claimed = dialect.serialWrites()
          ? leaseInstancesSerially(tx, owner, max, lease)
          : leaseInstances(tx, owner, max, lease);
      java.util.Map<List<String>, List<RawMessage>> byInstance = visibleMessages(tx, claimed, now);
      List<RawWorkItem> items = new ArrayList<>(claimed.size());
      for (ClaimedInstance c : claimed) {
        List<RawMessage> messages =
            byInstance.getOrDefault(List.of(c.instance().taskHub(), c.instance().instanceId()), List.of());
        if (messages.isEmpty()) {
          // next_visible_at was stale (see design note): repair it and give the lease back.
          PreparedStatement release = tx.statement(RELEASE_EMPTY_CLAIM);
          release.setString(1, c.instance().taskHub());
          release.setString(2, c.instance().instanceId());
          release.setLong(3, c.version());
          release.executeUpdate();
          continue;
        }
        items.add(new RawWorkItem(c, messages));
      }
      return items;
    });
    // Decoding here, on the caller's thread, keeps JSON work off a serial writer.
    List<OrchestrationWorkItem> items = new ArrayList<>(raw.size());
    for (RawWorkItem r : raw) {
      List<InboxMessage> messages = new ArrayList<>(r.messages().size());
      for (RawMessage m : r.messages()) {
        messages.add(new InboxMessage(m.id(), m.executionId(), codec.decode(m.json())));
      }
      items.add(new OrchestrationWorkItem(r.claimed().instance(), r.claimed().version(), List.copyOf(messages)));
    }
    return items;
  }

  private record RawMessage(long id, String executionId, String json) {}

  private record RawWorkItem(ClaimedInstance claimed, List<RawMessage> messages) {}

  /**
   * With {@link SqlDialect#serialWrites()}: false if a read sees nothing to claim. A race with a
   * concurrent write only delays a claim to the next poll or work notification.
   */
  private boolean maybeClaimable(String probeSql, String operation) {
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

  private List<ClaimedInstance> leaseInstances(Tx tx, String owner, int max, Duration lease) throws SQLException {
    long now = millis(tx.now());
    PreparedStatement claim = tx.statement(claimInstancesSql);
    claim.setString(1, owner);
    claim.setLong(2, millis(tx.now().plus(lease)));
    claim.setLong(3, now);
    claim.setLong(4, now);
    claim.setInt(5, max);
    List<ClaimedInstance> claimed = new ArrayList<>();
    try (ResultSet rs = claim.executeQuery()) {
      while (rs.next()) {
        claimed.add(new ClaimedInstance(readInstance(rs), rs.getLong("version")));
      }
    }
    return claimed;
  }

  private List<ClaimedInstance> leaseInstancesSerially(Tx tx, String owner, int max, Duration lease)
      throws SQLException {
    long now = millis(tx.now());
    PreparedStatement select = tx.statement(SELECT_CLAIMABLE_INSTANCES);
    select.setLong(1, now);
    select.setLong(2, now);
    select.setInt(3, max);
    List<ClaimedInstance> candidates = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        candidates.add(new ClaimedInstance(readInstance(rs), rs.getLong("version") + 1));
      }
    }
    if (!candidates.isEmpty()) {
      PreparedStatement update = tx.statement(LEASE_INSTANCE);
      for (ClaimedInstance c : candidates) {
        update.setString(1, owner);
        update.setLong(2, millis(tx.now().plus(lease)));
        update.setString(3, c.instance().taskHub());
        update.setString(4, c.instance().instanceId());
        update.setLong(5, c.version() - 1);
        update.addBatch();
      }
      for (int rows : update.executeBatch()) {
        if (rows != 1) {
          throw new IllegalStateException("Serial claim updated " + rows + " rows for one candidate; write"
              + " transactions are not serialised (BEGIN IMMEDIATE missing?)");
        }
      }
    }
    return candidates;
  }

  private record ClaimedInstance(InstanceRecord instance, long version) {}

  /** The visible messages of all claimed instances in one query, by (task hub, instance id), in id order. */
  private java.util.Map<List<String>, List<RawMessage>> visibleMessages(Tx tx, List<ClaimedInstance> claimed, long now)
      throws SQLException {
    java.util.Map<List<String>, List<RawMessage>> result = new java.util.HashMap<>();
    if (claimed.isEmpty()) {
      return result;
    }
    PreparedStatement ps = tx.statement(SELECT_VISIBLE_MESSAGES.formatted(
        String.join(" OR ", java.util.Collections.nCopies(claimed.size(), "(task_hub = ? AND instance_id = ?)"))));
    int i = 1;
    for (ClaimedInstance c : claimed) {
      ps.setString(i++, c.instance().taskHub());
      ps.setString(i++, c.instance().instanceId());
    }
    ps.setLong(i, now);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
            .add(new RawMessage(rs.getLong(3), rs.getString(4), rs.getString(5)));
      }
    }
    return result;
  }


  @Override
  public List<ActivityWorkItem> commit(OrchestrationStepCommit commit) {
    Objects.requireNonNull(commit, "commit");
    OrchestrationWorkItem item = commit.item();
    Encoded json = new Encoded(codec).addAll(commit.history());
    commit.messages().forEach(m -> json.add(m.event()));
    commit.newInstances().forEach(n -> json.add(n.started()));
    String failure = codec.encodeFailure(commit.update().failureDetails());
    return write("commit step of", item.instanceId(), tx -> applyCommit(tx, commit, json, failure));
  }

  /** One orchestration step; the version check comes first so that a lost lease writes nothing. */
  private List<ActivityWorkItem> applyCommit(Tx tx, OrchestrationStepCommit commit, Encoded json, String failureJson)
      throws SQLException {
    OrchestrationWorkItem item = commit.item();
    InstanceRecord before = item.instance();
    InstanceUpdate update = commit.update();
    String hub = item.taskHub();
    String id = item.instanceId();
    String executionId = update.executionId() != null ? update.executionId() : before.executionId();
    // The version check proves nobody committed since our claim, so the claimed size is still current.
    int firstSeq = commit.replaceHistory() || !Objects.equals(executionId, before.executionId()) ? 0 : before.historySize();

    PreparedStatement ps = tx.statement(COMMIT_INSTANCE);
    int i = 1;
    ps.setString(i++, update.runtimeStatus().wireName());
    ps.setString(i++, update.name());
    ps.setString(i++, update.executionId());
    ps.setString(i++, update.input());
    ps.setString(i++, update.output());
    ps.setString(i++, update.customStatus());
    ps.setString(i++, failureJson);
    ps.setLong(i++, millis(tx.now()));
    ps.setInt(i++, firstSeq + commit.history().size());
    ps.setString(i++, hub);
    ps.setString(i++, id);
    ps.setLong(i, item.lockVersion());
    int rows = ps.executeUpdate();
    if (rows == 0) {
      throw new LeaseLostException("orchestration work item (version " + item.lockVersion() + ")", id);
    }
    if (rows > 1) {
      throw new IllegalStateException("Commit of instance '" + id + "' updated " + rows + " rows; primary key broken?");
    }

    if (commit.replaceHistory()) {
      PreparedStatement delete = tx.statement(DELETE_HISTORY);
      delete.setString(1, hub);
      delete.setString(2, id);
      delete.executeUpdate();
    }
    if (!commit.history().isEmpty()) {
      PreparedStatement insert = tx.statement(INSERT_HISTORY);
      int seq = firstSeq;
      for (HistoryEvent event : commit.history()) {
        insert.setString(1, hub);
        insert.setString(2, id);
        insert.setString(3, executionId);
        insert.setInt(4, seq++);
        insert.setString(5, event.eventType());
        insert.setString(6, json.get(event));
        insert.setLong(7, millis(event.timestamp() != null ? event.timestamp() : tx.now()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    if (!item.messages().isEmpty()) {
      PreparedStatement delete = tx.statement(DELETE_MESSAGE);
      for (InboxMessage m : item.messages()) {
        delete.setLong(1, m.id());
        delete.setString(2, hub);
        delete.setString(3, id);
        delete.addBatch();
      }
      delete.executeBatch();
    }
    List<ActivityWorkItem> leased = new ArrayList<>();
    ActivityLease lease = commit.activityLease();
    int leaseCount = lease == null ? 0 : Math.min(lease.max(), commit.activities().size());
    if (leaseCount > 0) {
      long expires = millis(tx.now().plus(lease.lease()));
      PreparedStatement insert = tx.statement(INSERT_LEASED_ACTIVITY);
      for (NewActivity a : commit.activities().subList(0, leaseCount)) {
        insert.setString(1, hub);
        insert.setString(2, id);
        insert.setString(3, executionId);
        insert.setInt(4, a.taskId());
        insert.setString(5, a.name());
        insert.setString(6, a.input());
        insert.setLong(7, expires);
        insert.setString(8, lease.owner());
        insert.setLong(9, expires);
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          leased.add(new ActivityWorkItem(rs.getLong(1), hub, id, executionId, a.taskId(), a.name(), a.input(), 1, 1));
        }
      }
    }
    if (commit.activities().size() > leaseCount) {
      PreparedStatement insert = tx.statement(INSERT_ACTIVITY);
      for (NewActivity a : commit.activities().subList(leaseCount, commit.activities().size())) {
        insert.setString(1, hub);
        insert.setString(2, id);
        insert.setString(3, executionId);
        insert.setInt(4, a.taskId());
        insert.setString(5, a.name());
        insert.setString(6, a.input());
        insert.setLong(7, millis(tx.now()));
        insert.addBatch();
      }
      insert.executeBatch();
      tx.markWorkAdded();
    }
    for (OutboundMessage m : commit.messages()) {
      Instant visibleAt = m.visibleAt() != null ? m.visibleAt() : tx.now();
      if (!deliver(tx, m.taskHub(), m.instanceId(), m.executionId(), m.event(), visibleAt, json)) {
        log.debug("Dropped {} from instance '{}' to unknown instance '{}' of task hub '{}'",
            m.event().eventType(), id, m.instanceId(), m.taskHub());
      }
    }
    for (NewInstance child : commit.newInstances()) {
      createOrReplace(tx, child, false, json);
    }
    // Last, after this step's deletes and self-addressed inserts: this instance's next ready time.
    PreparedStatement refresh = tx.statement(REFRESH_NEXT_VISIBLE);
    refresh.setString(1, hub);
    refresh.setString(2, id);
    refresh.executeUpdate();
    return leased;
  }

  @Override
  public void abandon(OrchestrationWorkItem item, Duration delay) {
    Objects.requireNonNull(item, "item");
    Duration d = delay == null || delay.isNegative() ? Duration.ZERO : delay;
    write("abandon work item of", item.instanceId(), tx -> {
      PreparedStatement ps = tx.statement(ABANDON_INSTANCE);
      ps.setLong(1, millis(tx.now().plus(d)));
      ps.setString(2, item.taskHub());
      ps.setString(3, item.instanceId());
      ps.setLong(4, item.lockVersion());
      if (ps.executeUpdate() == 0) {
        log.debug("Abandon of instance '{}' found its lease already lost", item.instanceId());
      } else if (d.isZero()) {
        tx.markWorkAdded();
      }
      return null;
    });
  }

  @Override
  public boolean renewLease(OrchestrationWorkItem item, Duration lease) {
    Objects.requireNonNull(item, "item");
    return write("renew lease of", item.instanceId(), tx -> {
      PreparedStatement ps = tx.statement(RENEW_INSTANCE_LEASE);
      ps.setLong(1, millis(tx.now().plus(lease)));
      ps.setString(2, item.taskHub());
      ps.setString(3, item.instanceId());
      ps.setLong(4, item.lockVersion());
      return ps.executeUpdate() == 1;
    });
  }

  @Override
  public List<ActivityWorkItem> claimActivityWorkItems(String owner, int max, Duration lease) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
    if (max <= 0 || !maybeClaimable(PROBE_CLAIMABLE_ACTIVITY, "probe for activity work items")) {
      return List.of();
    }
    return write("claim activity work items for " + owner, null, tx -> {
      long now = millis(tx.now());
      long expires = millis(tx.now().plus(lease));
      List<ActivityWorkItem> items = new ArrayList<>();
      if (dialect.serialWrites()) {
        PreparedStatement select = tx.statement(SELECT_CLAIMABLE_ACTIVITIES);
        select.setLong(1, now);
        select.setLong(2, now);
        select.setInt(3, max);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            items.add(readActivity(rs, 1)); // as the update below leaves it
          }
        }
        if (items.isEmpty()) {
          return items;
        }
        PreparedStatement update = tx.statement(LEASE_ACTIVITY);
        for (ActivityWorkItem a : items) {
          update.setString(1, owner);
          update.setLong(2, expires);
          update.setLong(3, expires);
          update.setLong(4, a.id());
          update.setLong(5, a.lockVersion() - 1);
          update.addBatch();
        }
        update.executeBatch();
        return items;
      }
      PreparedStatement ps = tx.statement(claimActivitiesSql);
      ps.setString(1, owner);
      ps.setLong(2, expires);
      ps.setLong(3, expires);
      ps.setLong(4, now);
      ps.setLong(5, now);
      ps.setInt(6, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          items.add(readActivity(rs, 0));
        }
      }
      items.sort(Comparator.comparingLong(ActivityWorkItem::id));
      return items;
    });
  }

  @Override
  public void completeActivity(ActivityWorkItem item, HistoryEvent result) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(result, "result");
    Encoded json = new Encoded(codec).add(result);
    write("complete activity '" + item.name() + "' (task " + item.taskId() + ") of", item.instanceId(), tx -> {
      PreparedStatement ps = tx.statement(DELETE_LEASED_ACTIVITY);
      ps.setLong(1, item.id());
      ps.setLong(2, item.lockVersion());
      if (ps.executeUpdate() == 0) {
        throw new LeaseLostException("activity work item " + item.id() + " ('" + item.name() + "')", item.instanceId());
      }
      if (!deliver(tx, item.taskHub(), item.instanceId(), item.executionId(), result, tx.now(), json)) {
        log.debug("Dropped result of activity '{}' for deleted instance '{}'", item.name(), item.instanceId());
      }
      return null;
    });
  }

  @Override
  public void abandonActivity(ActivityWorkItem item, Duration delay) {
    Objects.requireNonNull(item, "item");
    Duration d = delay == null || delay.isNegative() ? Duration.ZERO : delay;
    write("abandon activity '" + item.name() + "' of", item.instanceId(), tx -> {
      PreparedStatement ps = tx.statement(ABANDON_ACTIVITY);
      ps.setLong(1, millis(tx.now().plus(d)));
      ps.setLong(2, item.id());
      ps.setLong(3, item.lockVersion());
      if (ps.executeUpdate() == 0) {
        log.debug("Abandon of activity {} of instance '{}' found its lease already lost", item.id(), item.instanceId());
      } else if (d.isZero()) {
        tx.markWorkAdded();
      }
      return null;
    });
  }

  @Override
  public boolean renewActivityLease(ActivityWorkItem item, Duration lease) {
    Objects.requireNonNull(item, "item");
    return write("renew lease of activity '" + item.name() + "' of", item.instanceId(), tx -> {
      long expires = millis(tx.now().plus(lease));
      PreparedStatement ps = tx.statement(RENEW_ACTIVITY_LEASE);
      ps.setLong(1, expires);
      ps.setLong(2, expires);
      ps.setLong(3, item.id());
      ps.setLong(4, item.lockVersion());
      return ps.executeUpdate() == 1;
    });
  }

  @Override
  public void addWorkListener(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      runner.close();
    } finally {
      listeners.close();
    }
  }

  // ================================================================ mapping

  private InstanceRecord readInstance(ResultSet rs) throws SQLException {
    FailureDetails failure = codec.decodeFailure(rs.getString("failure_details"));
    return new InstanceRecord(
        rs.getString("task_hub"),
        rs.getString("instance_id"),
        rs.getString("name"),
        rs.getString("execution_id"),
        OrchestrationRuntimeStatus.parse(rs.getString("runtime_status")),
        rs.getString("input"),
        rs.getString("output"),
        rs.getString("custom_status"),
        failure,
        getInstant(rs, "created_at"),
        getInstant(rs, "last_updated_at"),
        getInstant(rs, "scheduled_start_at"),
        rs.getString("parent_instance_id"),
        rs.getInt("history_size"));
  }

  /** Events encoded before the transaction, looked up by identity inside it. Not thread-safe. */
  private static final class Encoded {
    private final HistoryEventCodec codec;
    private final java.util.IdentityHashMap<HistoryEvent, String> json = new java.util.IdentityHashMap<>();

    Encoded(HistoryEventCodec codec) {
      this.codec = codec;
    }

    Encoded add(HistoryEvent event) {
      json.computeIfAbsent(event, codec::encode);
      return this;
    }

    Encoded addAll(List<HistoryEvent> events) {
      events.forEach(this::add);
      return this;
    }

    String get(HistoryEvent event) {
      String text = json.get(event);
      return text != null ? text : codec.encode(event);
    }
  }

  /** An activity row; {@code bump} is added to version and dequeue count (1 for a row read before its claim). */
  private static ActivityWorkItem readActivity(ResultSet rs, int bump) throws SQLException {
    return new ActivityWorkItem(
        rs.getLong("id"), rs.getString("task_hub"), rs.getString("instance_id"), rs.getString("execution_id"),
        rs.getInt("task_id"), rs.getString("name"), rs.getString("input"), rs.getLong("version") + bump,
        rs.getInt("dequeue_count") + bump);
  }

  /** UTC epoch milliseconds; throws for instants beyond what a BIGINT of milliseconds can hold. */
  static long millis(Instant instant) {
    try {
      return instant.toEpochMilli();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("Instant " + instant + " is out of the storable range", e);
    }
  }

  private static void setMillis(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, millis(instant));
    }
  }

  private static Instant getInstant(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }

  /** Keyset position: the last row of the previous page, as opaque base64url text. */
  private record PageToken(long createdAtMillis, String instanceId) {
    String encode() {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(("1:" + createdAtMillis + ":" + instanceId).getBytes(StandardCharsets.UTF_8));
    }

    static PageToken decode(String token) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = text.split(":", 3);
        if (parts.length != 3 || !parts[0].equals("1")) {
          throw new IllegalArgumentException("unknown format");
        }
        return new PageToken(Long.parseLong(parts[1]), parts[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid continuation token '" + token + "'; pass the token of the previous page unchanged", e);
      }
    }
  }
}

package io.duraflow.store.jdbc;

import static io.duraflow.store.jdbc.Rows.INSTANCE_COLUMNS;
import static io.duraflow.store.jdbc.Rows.millis;
import static io.duraflow.store.jdbc.Rows.readInstance;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.codec.HistoryEventCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Client reads: one instance, its history, and instance queries with keyset pagination (see
 * {@link PageToken}). {@link Instances} shares the status and creation-time filters for purges.
 */
final class InstanceQueries {

  private static final String SELECT_INSTANCE =
      "SELECT " + INSTANCE_COLUMNS + " FROM instances WHERE task_hub = ? AND instance_id = ?";

  private static final String SELECT_CURRENT_HISTORY = """
      SELECT h.event FROM history h
        JOIN instances i ON i.task_hub = h.task_hub AND i.instance_id = h.instance_id
                        AND i.execution_id = h.execution_id
       WHERE i.task_hub = ? AND i.instance_id = ?
       ORDER BY h.seq
      """;

  private static final String SELECT_CURRENT_HISTORY_SLICE = """
      SELECT h.event FROM history h
        JOIN instances i ON i.task_hub = h.task_hub AND i.instance_id = h.instance_id
                        AND i.execution_id = h.execution_id
       WHERE i.task_hub = ? AND i.instance_id = ?
       ORDER BY h.seq
       LIMIT ? OFFSET ?
      """;

  private static final String SELECT_HISTORY_FROM = """
      SELECT event FROM history
       WHERE task_hub = ? AND instance_id = ? AND execution_id = ? AND seq >= ?
       ORDER BY seq
      """;

  private static final String QUERY_INSTANCES = "SELECT " + INSTANCE_COLUMNS + " FROM instances WHERE task_hub = ?";
  private static final String FILTER_CREATED_FROM = " AND created_at >= ?";
  private static final String FILTER_CREATED_TO = " AND created_at <= ?";
  /** substr instead of LIKE: no wildcard escaping, same meaning in both databases. */
  private static final String FILTER_ID_PREFIX = " AND substr(instance_id, 1, ?) = ?";
  private static final String FILTER_NAME = " AND name = ?";
  /** One per tag of the query; the instance_tags_lookup index finds the instances of a (key, value). */
  private static final String FILTER_TAG = " AND EXISTS (SELECT 1 FROM instance_tags t WHERE t.task_hub = instances.task_hub"
      + " AND t.instance_id = instances.instance_id AND t.tag_key = ? AND t.tag_value = ?)";
  private static final String FILTER_VERSION = " AND orchestration_version = ?";
  private static final String COUNT_INSTANCES = "SELECT runtime_status, count(*) FROM instances WHERE task_hub = ?";
  private static final String FILTER_AFTER_TOKEN = " AND (created_at, instance_id) > (?, ?)";
  private static final String QUERY_ORDER = " ORDER BY created_at, instance_id LIMIT ?";
  /** Newest first: the same keyset walked backwards (both databases read the index in reverse). */
  private static final String FILTER_BEFORE_TOKEN = " AND (created_at, instance_id) < (?, ?)";
  private static final String QUERY_ORDER_NEWEST_FIRST = " ORDER BY created_at DESC, instance_id DESC LIMIT ?";

  private final TransactionRunner runner;
  private final HistoryEventCodec codec;

  InstanceQueries(TransactionRunner runner, HistoryEventCodec codec) {
    this.runner = runner;
    this.codec = codec;
  }

  Optional<InstanceRecord> getInstance(String taskHub, String instanceId) {
    return runner.read("read instance", instanceId, tx -> {
      PreparedStatement ps = tx.statement(SELECT_INSTANCE);
      ps.setString(1, taskHub);
      ps.setString(2, instanceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(readInstance(rs, codec)) : Optional.<InstanceRecord>empty();
      }
    });
  }

  List<HistoryEvent> getHistory(String taskHub, String instanceId) {
    return runner.read("read history of", instanceId, tx -> {
      PreparedStatement ps = tx.statement(SELECT_CURRENT_HISTORY);
      ps.setString(1, taskHub);
      ps.setString(2, instanceId);
      return readEvents(ps);
    });
  }

  List<HistoryEvent> getHistorySlice(String taskHub, String instanceId, int offset, int limit) {
    io.duraflow.store.HistorySlices.check(offset, limit);
    return runner.read("read history of", instanceId, tx -> {
      PreparedStatement ps = tx.statement(SELECT_CURRENT_HISTORY_SLICE);
      ps.setString(1, taskHub);
      ps.setString(2, instanceId);
      ps.setInt(3, limit);
      ps.setInt(4, offset);
      return readEvents(ps);
    });
  }

  List<HistoryEvent> loadHistory(String taskHub, String instanceId, String executionId, int fromIndex) {
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

  InstancePage queryInstances(String taskHub, InstanceQuery query) {
    Objects.requireNonNull(taskHub, "taskHub");
    Objects.requireNonNull(query, "query");
    PageToken after = query.continuationToken() == null ? null : PageToken.decode(query.continuationToken());
    StringBuilder sql = new StringBuilder(QUERY_INSTANCES).append(filters(query));
    if (after != null) {
      sql.append(query.newestFirst() ? FILTER_BEFORE_TOKEN : FILTER_AFTER_TOKEN);
    }
    sql.append(query.newestFirst() ? QUERY_ORDER_NEWEST_FIRST : QUERY_ORDER);
    return runner.read("query instances", null, tx -> {
      PreparedStatement ps = tx.statement(sql.toString());
      int i = bindFilters(ps, taskHub, query);
      if (after != null) {
        ps.setLong(i++, after.createdAtMillis());
        ps.setString(i++, after.instanceId());
      }
      ps.setInt(i, query.pageSize() + 1);
      List<InstanceRecord> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(readInstance(rs, codec));
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

  java.util.Map<OrchestrationRuntimeStatus, Long> countInstances(String taskHub, InstanceQuery query) {
    Objects.requireNonNull(taskHub, "taskHub");
    Objects.requireNonNull(query, "query");
    String sql = COUNT_INSTANCES + filters(query) + " GROUP BY runtime_status";
    return runner.read("count instances", null, tx -> {
      PreparedStatement ps = tx.statement(sql);
      bindFilters(ps, taskHub, query);
      java.util.Map<OrchestrationRuntimeStatus, Long> counts = new java.util.EnumMap<>(OrchestrationRuntimeStatus.class);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(OrchestrationRuntimeStatus.parse(rs.getString(1)), rs.getLong(2));
        }
      }
      return counts;
    });
  }

  /** The WHERE clauses after {@code task_hub = ?} for {@code query}'s filters, in {@link #bindFilters}'s order. */
  static String filters(InstanceQuery query) {
    StringBuilder sql = new StringBuilder();
    if (!query.runtimeStatus().isEmpty()) {
      sql.append(statusFilter(query.runtimeStatus()));
    }
    if (query.createdFrom() != null) {
      sql.append(FILTER_CREATED_FROM);
    }
    if (query.createdTo() != null) {
      sql.append(FILTER_CREATED_TO);
    }
    if (query.instanceIdPrefix() != null && !query.instanceIdPrefix().isEmpty()) {
      sql.append(FILTER_ID_PREFIX);
    }
    if (query.name() != null) {
      sql.append(FILTER_NAME);
    }
    sql.append(FILTER_TAG.repeat(query.tags().size()));
    if (query.version() != null) {
      sql.append(FILTER_VERSION);
    }
    return sql.toString();
  }

  /** Binds the task hub and the filters; returns the next parameter index. */
  static int bindFilters(PreparedStatement ps, String taskHub, InstanceQuery query) throws SQLException {
    int i = 1;
    ps.setString(i++, taskHub);
    if (query.createdFrom() != null) {
      ps.setLong(i++, millis(query.createdFrom()));
    }
    if (query.createdTo() != null) {
      ps.setLong(i++, millis(query.createdTo()));
    }
    if (query.instanceIdPrefix() != null && !query.instanceIdPrefix().isEmpty()) {
      ps.setInt(i++, query.instanceIdPrefix().length());
      ps.setString(i++, query.instanceIdPrefix());
    }
    if (query.name() != null) {
      ps.setString(i++, query.name());
    }
    for (java.util.Map.Entry<String, String> tag : query.tags().entrySet()) { // the same map, so filters' order
      ps.setString(i++, tag.getKey());
      ps.setString(i++, tag.getValue());
    }
    if (query.version() != null) {
      ps.setString(i++, query.version());
    }
    return i;
  }

  /** Status names are enum constants, so inlining them is safe and keeps the statement cacheable. */
  private static String statusFilter(Set<OrchestrationRuntimeStatus> statuses) {
    return statuses.stream()
        .sorted()
        .map(s -> "'" + s.wireName() + "'")
        .collect(Collectors.joining(", ", " AND runtime_status IN (", ")"));
  }
}

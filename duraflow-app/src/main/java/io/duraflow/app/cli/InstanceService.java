package io.duraflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * What the instance commands of the CLI do, against a running server over its HTTP API
 * ({@link HttpInstanceService}) or straight on a data directory or store ({@link LocalInstanceService}).
 * Both answer in the HTTP API's JSON shapes, so the output of a command does not depend on the mode.
 */
public interface InstanceService extends AutoCloseable {

  /** A filter and page of {@code list}; nulls mean no restriction. */
  record ListQuery(List<String> statuses, Instant createdFrom, Instant createdTo, String idPrefix, String name,
      int top, String continuation, java.util.Map<String, String> tags, String version) {
    public ListQuery {
      tags = tags == null ? java.util.Map.of() : java.util.Map.copyOf(tags);
    }

    /** A query without a tag or version filter. */
    public ListQuery(List<String> statuses, Instant createdFrom, Instant createdTo, String idPrefix, String name,
        int top, String continuation) {
      this(statuses, createdFrom, createdTo, idPrefix, name, top, continuation, null, null);
    }
  }

  /**
   * How {@code start} treats an id already in use and which tags it gives (docs/queues.md).
   *
   * @param idReuse FAIL_IF_RUNNING (default), TERMINATE_IF_RUNNING or USE_EXISTING
   */
  record StartPolicy(io.duraflow.store.IdReusePolicy idReuse, boolean reuseCompleted, java.util.Map<String, String> tags,
      String queue, int priority) {
    public static final StartPolicy DEFAULT = new StartPolicy(null, true, null, null, 0);

    public StartPolicy {
      idReuse = idReuse == null ? io.duraflow.store.IdReusePolicy.FAIL_IF_RUNNING : idReuse;
      tags = tags == null ? java.util.Map.of() : java.util.Map.copyOf(tags);
    }
  }

  /** One page: the status objects and the token of the next page (null on the last). */
  record Page(List<JsonNode> instances, String continuation) {}

  Page list(ListQuery query);

  /** Instances per status (every status, zeros included, in the API's order) with {@code query}'s filters. */
  java.util.LinkedHashMap<String, Long> counts(ListQuery query);

  /** The status object, with {@code historyEvents} when {@code history}. */
  JsonNode show(String id, boolean history);

  /** Starts {@code name} with {@code input} (JSON text or null) under {@code id} (null: a new one); returns the id. */
  default String start(String name, String input, String id) {
    return start(name, input, id, StartPolicy.DEFAULT);
  }

  /** {@link #start(String, String, String)} with an id policy and tags. */
  String start(String name, String input, String id, StartPolicy policy);

  void raise(String id, String event, String data);

  /** {@code operation}: terminate, suspend, resume or rewind. */
  void control(String id, String operation, String reason);

  /** Returns the new instance's id. */
  String restart(String id, boolean newId);

  /** True when it was purged (it existed and was finished). */
  boolean purge(String id);

  /** Purges the finished instances with one of {@code statuses} created before {@code createdBefore}; returns how many. */
  int purge(List<String> statuses, Instant createdBefore);

  @Override
  void close();
}

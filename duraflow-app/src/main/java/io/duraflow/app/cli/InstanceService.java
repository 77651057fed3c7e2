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
      int top, String continuation, String version) {
    ListQuery(List<String> statuses, Instant createdFrom, Instant createdTo, String idPrefix, String name, int top,
        String continuation) {
      this(statuses, createdFrom, createdTo, idPrefix, name, top, continuation, null);
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
  String start(String name, String input, String id);

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

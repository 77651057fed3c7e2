package io.duraflow.client;

import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.InvalidInstanceStateException;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.PurgeFilter;
import io.duraflow.store.StoreHealth;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Starts and manages orchestration instances of one task hub. Every method that changes an instance has
 * durably recorded the request when it returns; the worker applies it asynchronously (management requests
 * are messages to the instance, processed in order with its other events).
 *
 * <p>Thread-safe.
 */
public interface DurableClient {

  /** The task hub this client works on. */
  String taskHub();

  /** A client for another task hub of the same store. */
  DurableClient forTaskHub(String taskHub);

  /**
   * Starts orchestration {@code name} with {@code input} (serialised to JSON; a Jackson {@code JsonNode}
   * is written as is).
   *
   * @return the instance id (32 lowercase hex characters unless {@code options} names one)
   * @throws IllegalArgumentException if no orchestration {@code name} is registered, or the input cannot be
   *     serialised
   * @throws InstanceAlreadyExistsException if {@code options.instanceId()} names a non-terminal instance
   */
  String startNew(String name, Object input, StartOptions options);

  /** Starts {@code name} with {@code input} now, under a new random id. */
  default String startNew(String name, Object input) {
    return startNew(name, input, StartOptions.defaults());
  }

  /**
   * Whether the store behind this client serves normally now, for health checks: unhealthy, with a message
   * for people, while it cannot write (a full disk, say). See {@link
   * io.duraflow.store.OrchestrationStore#health()}. Never throws.
   */
  default StoreHealth storeHealth() {
    return StoreHealth.HEALTHY;
  }

  /**
   * True when an orchestration {@code name} can be started: this client's registry has it, or a running
   * worker of the store announces it (a node with other code, see {@code WorkerOptions#missingCodeGrace}).
   */
  boolean isRegistered(String orchestrationName);

  /**
   * True when an instance of {@code orchestrationName} at {@code version} can run: this client's registry
   * has that version, or a running worker announces it. Null asks {@link #isRegistered(String)}.
   */
  default boolean isRegistered(String orchestrationName, String version) {
    return isRegistered(orchestrationName);
  }

  /** The orchestrations that can be started, for messages that list them; sorted. */
  default java.util.SortedSet<String> knownOrchestrations() {
    return new java.util.TreeSet<>();
  }

  /** The instance, or empty if unknown. */
  Optional<InstanceRecord> getInstance(String instanceId);

  /** The current execution's history (empty for an unknown instance). */
  List<HistoryEvent> getHistory(String instanceId);

  /**
   * Events {@code offset .. offset + limit - 1} of the current execution's history; empty past its end.
   * The default slices {@link #getHistory}.
   */
  default List<HistoryEvent> getHistorySlice(String instanceId, int offset, int limit) {
    io.duraflow.store.HistorySlices.check(offset, limit);
    List<HistoryEvent> all = getHistory(instanceId);
    return offset >= all.size() ? List.of() : List.copyOf(all.subList(offset, (int) Math.min(all.size(), (long) offset + limit)));
  }

  /** One page of instances matching {@code query}. */
  InstancePage queryInstances(InstanceQuery query);

  /** How many instances match {@code query}'s filters, by status (paging ignored). */
  java.util.Map<io.duraflow.api.OrchestrationRuntimeStatus, Long> countInstances(InstanceQuery query);

  /**
   * Sends external event {@code eventName} with {@code payload} (JSON-serialised).
   *
   * @throws InstanceNotFoundException if unknown
   * @throws InvalidInstanceStateException if the instance is terminal
   */
  void raiseEvent(String instanceId, String eventName, Object payload);

  /** Requests termination; {@code reason} becomes the output. @throws InvalidInstanceStateException if terminal */
  void terminate(String instanceId, String reason);

  /**
   * Sets tags (search attributes) of an instance; a null value removes that key, other keys keep their
   * values. The list filter {@code tag.KEY=VALUE} finds instances by them (docs/queues.md).
   *
   * @throws io.duraflow.api.InstanceNotFoundException when there is no such instance
   */
  default void setTags(String instanceId, java.util.Map<String, String> tags) {
    throw new UnsupportedOperationException("This client cannot set tags");
  }

  /** The tags of an instance (empty when it has none). */
  default java.util.Map<String, String> getTags(String instanceId) {
    return java.util.Map.of();
  }

  /** Requests suspension. @throws InvalidInstanceStateException if terminal */
  void suspend(String instanceId, String reason);

  /** Requests resumption. @throws InvalidInstanceStateException if terminal */
  void resume(String instanceId, String reason);

  /**
   * Rewinds a Failed instance: it resumes from its first failure and its failed tasks run again.
   *
   * @throws InvalidInstanceStateException if the instance is not Failed
   */
  void rewind(String instanceId, String reason);

  /**
   * Starts the instance's orchestration again with its original input.
   *
   * @param newInstanceId true for a new random id, false to reuse the id (the instance must be terminal)
   * @return the id of the restarted instance
   */
  String restart(String instanceId, boolean newInstanceId);

  /**
   * Deletes a terminal instance and its history.
   *
   * @return false if there was no such instance
   * @throws InvalidInstanceStateException if it is not terminal
   */
  boolean purge(String instanceId);

  /** Deletes terminal instances matching {@code filter}; returns how many. */
  int purge(PurgeFilter filter);

  /**
   * Waits until the instance is terminal (or ContinuedAsNew settles into another terminal state).
   *
   * @throws TimeoutException if it is not done within {@code timeout}
   * @throws InstanceNotFoundException if unknown
   */
  InstanceRecord waitForCompletion(String instanceId, Duration timeout) throws TimeoutException, InterruptedException;

  // ---------------------------------------------------------------- durable entities

  /**
   * Queues operation {@code operation} with {@code input} for entity {@code entity} (fire and forget);
   * the entity runs it after the operations queued before it. Creates the entity if it does not exist.
   */
  default void signalEntity(io.duraflow.api.EntityInstanceId entity, String operation, Object input) {
    signalEntity(entity, operation, input, null);
  }

  /** Like {@link #signalEntity(io.duraflow.api.EntityInstanceId, String, Object)}, run no earlier than {@code scheduledTime} (null for now). */
  default void signalEntity(io.duraflow.api.EntityInstanceId entity, String operation, Object input,
      java.time.Instant scheduledTime) {
    throw new UnsupportedOperationException("this client does not support entities");
  }

  /** The entity's state and last operation time; empty when it does not exist or has no state (deleted). */
  default Optional<io.duraflow.store.EntityRecord> getEntity(io.duraflow.api.EntityInstanceId entity) {
    throw new UnsupportedOperationException("this client does not support entities");
  }

  /** Entities matching {@code query} (name prefix, last operation time range, with or without state), by page. */
  default io.duraflow.store.EntityPage queryEntities(io.duraflow.store.EntityQuery query) {
    throw new UnsupportedOperationException("this client does not support entities");
  }

  /**
   * Removes entities that have no state and nothing queued, and releases locks held by orchestrations
   * that no longer run.
   */
  default io.duraflow.store.EntityCleanup cleanEntityStorage() {
    throw new UnsupportedOperationException("this client does not support entities");
  }
}

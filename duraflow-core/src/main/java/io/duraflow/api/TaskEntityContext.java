package io.duraflow.api;

import java.time.Instant;

/**
 * What an entity operation sees: its entity, its operation name and input, the entity's durable state
 * (JSON, converted with the worker's {@link DataConverter}) and the messages it may send. Valid only
 * during {@link TaskEntity#run}, on the thread that runs it.
 */
public interface TaskEntityContext {

  /** The entity this operation runs on. */
  EntityInstanceId entityId();

  /** The operation's name, as the signal or call gave it. */
  String operationName();

  /** The operation's input converted from JSON to {@code type}; null when it has none. */
  <T> T getInput(Class<T> type);

  /** The input as raw JSON text, or null. */
  String getRawInput();

  /** True while the entity has state (it was set and not deleted since). */
  boolean hasState();

  /** The state converted to {@code type}; null when the entity has no state. */
  <T> T getState(Class<T> type);

  /** Replaces the state with {@code state} (serialised to JSON); null deletes it. */
  void setState(Object state);

  /** Deletes the state: the entity then reads as not existing and can be cleaned from storage. */
  void deleteState();

  /** When the batch that runs this operation started (the same for all its operations). */
  Instant currentInstant();

  /** Sends operation {@code operation} to entity {@code target} once this batch commits. */
  void signalEntity(EntityInstanceId target, String operation, Object input);

  /** Like {@link #signalEntity(EntityInstanceId, String, Object)}, delivered at {@code scheduledTime}. */
  void signalEntity(EntityInstanceId target, String operation, Object input, Instant scheduledTime);

  /**
   * Starts orchestration {@code name} with {@code input} once this batch commits; returns its instance id
   * ({@code instanceId}, or a new one derived from the entity and operation when null).
   */
  String startNewOrchestration(String name, Object input, String instanceId);
}

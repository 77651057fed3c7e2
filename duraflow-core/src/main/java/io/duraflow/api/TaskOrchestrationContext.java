package io.duraflow.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What orchestration code uses to schedule work and read its deterministic environment. Every method
 * must be called on the orchestration's own thread.
 */
public interface TaskOrchestrationContext {

  /** The orchestration's registered name. */
  String getName();

  /** The instance id. */
  String getInstanceId();

  /** The input, converted from JSON to {@code type}; null when the instance has no input. */
  <T> T getInput(Class<T> type);

  /** The input as raw JSON text, or null. */
  String getRawInput();

  /**
   * The orchestration's current time: the time at which the current step started, recorded in history so
   * that replay sees the same value.
   */
  Instant currentInstant();

  /** True while the code is re-executing steps that history already records. */
  boolean isReplaying();

  /** A UUID derived from the instance id and a counter: the same on every replay. */
  UUID newUuid();

  /** Schedules activity {@code name}; the task completes with its output converted to {@code resultType}. */
  <V> Task<V> callActivity(String name, Object input, Class<V> resultType);

  /**
   * Schedules activity {@code name} and retries it on failure according to {@code retryPolicy}. Waits
   * between attempts are durable timers, so they survive restarts.
   */
  <V> Task<V> callActivity(String name, Object input, RetryPolicy retryPolicy, Class<V> resultType);

  /**
   * Schedules activity {@code name} in the task queue and with the priority and retry policy of {@code
   * options} (docs/queues.md). Which queue a call names is not part of history: changing it affects only
   * calls not yet scheduled.
   */
  default <V> Task<V> callActivity(String name, Object input, TaskOptions options, Class<V> resultType) {
    if (options != null && (options.queue() != null || options.priority() != 0)) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support task queues");
    }
    return callActivity(name, input, options == null ? null : options.retryPolicy(), resultType);
  }

  /** Starts sub-orchestration {@code name}; the id is derived from this instance's id when null. */
  <V> Task<V> callSubOrchestrator(String name, Object input, String instanceId, Class<V> resultType);

  /**
   * Starts sub-orchestration {@code name} in the task queue of {@code options} (its limits admit the child's
   * first step; docs/queues.md) with its priority. A retry policy in {@code options} is not supported here.
   */
  default <V> Task<V> callSubOrchestrator(String name, Object input, String instanceId, TaskOptions options,
      Class<V> resultType) {
    if (options != null && (options.queue() != null || options.priority() != 0)) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support task queues");
    }
    return callSubOrchestrator(name, input, instanceId, resultType);
  }

  /** A durable timer that completes after {@code delay}. */
  Task<Void> createTimer(Duration delay);

  /** A durable timer that completes at {@code fireAt}. */
  Task<Void> createTimer(Instant fireAt);

  /**
   * Waits for external event {@code name}. Events are delivered in arrival order, one per wait; an event
   * that arrived before the wait is kept until a wait takes it.
   *
   * @param timeout how long to wait; the task fails with {@link TaskCanceledException} after it. Null or
   *     negative waits forever.
   */
  <V> Task<V> waitForExternalEvent(String name, Duration timeout, Class<V> type);

  /** Waits for external event {@code name} without a timeout. */
  default <V> Task<V> waitForExternalEvent(String name, Class<V> type) {
    return waitForExternalEvent(name, null, type);
  }

  /** A task that completes when all {@code tasks} have completed, with their results in order. */
  <V> Task<List<V>> allOf(List<Task<V>> tasks);

  /** A task that completes when the first of {@code tasks} completes; its result is that task. */
  Task<Task<?>> anyOf(List<Task<?>> tasks);

  /** Makes {@code status} (serialised to JSON) visible in the instance's status; null clears it. */
  void setCustomStatus(Object status);

  /**
   * Sets tags (search attributes) of this instance, found with the instance list's {@code tag.KEY=VALUE}
   * filter; a null value removes its key, keys not named keep their values (docs/queues.md). Replay-safe:
   * the tags are written with the step that set them, and setting them again on replay writes the same
   * values. Keys and values are at most 256 characters.
   */
  default void setTags(java.util.Map<String, String> tags) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support tags");
  }

  /**
   * Restarts this instance with {@code newInput} once the orchestration returns, discarding its history.
   * External events that arrived but were not consumed are carried over to the new execution. Return from
   * the orchestration right after calling this.
   */
  void continueAsNew(Object newInput);

  /** A logger that drops messages while the orchestration is replaying. */
  System.Logger getReplaySafeLogger(String name);
}

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
   * Schedules activity {@code name} with per-call {@code options}: timeouts (start-to-close, heartbeat,
   * schedule-to-close), a retry policy or a custom {@link RetryHandler}, a task queue and priority
   * (docs/queues.md). A timed-out call fails with a
   * {@link TaskFailedException} whose {@link TaskFailedException#isTimeout()} is true; see
   * {@link ActivityOptions} and docs/activities.md.
   */
  default <V> Task<V> callActivity(String name, Object input, ActivityOptions options, Class<V> resultType) {
    if (options == null || (!options.hasTimeouts() && options.retryHandler() == null && !options.hasQueue())) {
      return callActivity(name, input, options == null ? null : options.retryPolicy(), resultType);
    }
    throw new UnsupportedOperationException(
        "This orchestration context does not support activity timeouts, retry handlers or task queues");
  }

  /**
   * Cancels an activity call this orchestration made ({@code callActivity} with or without options): the
   * task fails at once with {@link TaskCanceledException}, a retry that waits is never started, a later
   * result is ignored, and the running attempt is asked to stop (its {@link TaskActivityContext} reports
   * cancellation; nothing is interrupted). Replay-safe: the cancellation is recorded in history.
   *
   * @return false when the task is already done or is not an activity call (timers, events and
   *     sub-orchestrations cannot be cancelled this way)
   */
  default boolean cancelActivity(Task<?> activityCall) {
    throw new UnsupportedOperationException("This orchestration context cannot cancel activities");
  }

  /** Starts sub-orchestration {@code name}; the id is derived from this instance's id when null. */
  <V> Task<V> callSubOrchestrator(String name, Object input, String instanceId, Class<V> resultType);

  /**
   * Starts sub-orchestration {@code name} and retries it when the child fails, per {@code retryPolicy}:
   * each retry is a new child instance ({@code <id>#2}, {@code <id>#3}, ...) after a durable wait.
   */
  default <V> Task<V> callSubOrchestrator(String name, Object input, String instanceId, RetryPolicy retryPolicy,
      Class<V> resultType) {
    return callSubOrchestrator(name, input, instanceId, SubOrchestrationOptions.of(retryPolicy), resultType);
  }

  /**
   * Starts sub-orchestration {@code name} as {@code options} say: a given version of the child
   * ({@link SubOrchestrationOptions#ofVersion}), a task queue whose limits admit the child's first step
   * ({@link SubOrchestrationOptions#ofQueue}, docs/queues.md), and retries by a policy or a handler.
   */
  default <V> Task<V> callSubOrchestrator(String name, Object input, String instanceId, SubOrchestrationOptions options,
      Class<V> resultType) {
    if (options == null || (!options.retries() && options.version() == null && !options.hasQueue())) {
      return callSubOrchestrator(name, input, instanceId, resultType);
    }
    throw new UnsupportedOperationException("This orchestration context does not support sub-orchestration options");
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

  /**
   * The version of the orchestration's code this instance started on (see {@link TaskRegistry}), or null
   * for an unversioned instance. It stays the same for the instance's whole life, continue-as-new included.
   */
  default String getVersion() {
    return null;
  }

  /**
   * In-code patching: true when this execution may take the new path of patch {@code patchId}, false when
   * it is replaying a history that went past this point on the old code. The first true answer of an
   * execution records a marker in history, so later replays answer the same; a new execution always gets
   * true. Use it to change an orchestration's shape while instances of the old shape are still running:
   *
   * <pre>{@code
   * if (ctx.isPatched("send-receipt")) {
   *   ctx.callActivity("SendReceipt", order, Void.class).await();
   * }
   * }</pre>
   *
   * Once no running instance lacks the marker, replace the call by {@link #deprecatePatch}, and later
   * remove that too (see docs/versioning.md). Deterministic and replay-safe; call it on the orchestration
   * thread.
   */
  default boolean isPatched(String patchId) {
    throw new UnsupportedOperationException("this context does not support patches");
  }

  /**
   * The second stage of removing a patch: the code keeps only the new path and states so here. Histories
   * with or without the patch's marker replay (no marker is recorded any more); a history that actually
   * ran the old path then fails with a non-determinism error naming this patch, as any changed code does.
   */
  default void deprecatePatch(String patchId) {
    throw new UnsupportedOperationException("this context does not support patches");
  }

  /**
   * Like {@link #continueAsNew(Object)}, but the next execution runs on orchestration version
   * {@code version} (null: the instance's own, as {@link #continueAsNew(Object)} keeps it): how a long-lived
   * loop moves to new code at an execution boundary. Only workers with that version run it afterwards.
   */
  default void continueAsNew(Object newInput, String version) {
    if (version != null) {
      throw new UnsupportedOperationException("this context cannot continue as new on another version");
    }
    continueAsNew(newInput);
  }

  /**
   * Sends operation {@code operation} with {@code input} to entity {@code entity} without waiting for it
   * (fire and forget). Signals from one orchestration arrive in the order they were sent. Replay-safe: the
   * signal is recorded in history ({@code EntityOperationSignaled}) and sent once.
   */
  default void signalEntity(EntityInstanceId entity, String operation, Object input) {
    signalEntity(entity, operation, input, null);
  }

  /** Like {@link #signalEntity(EntityInstanceId, String, Object)}, delivered at {@code scheduledTime} (null for now). */
  default void signalEntity(EntityInstanceId entity, String operation, Object input, Instant scheduledTime) {
    throw new UnsupportedOperationException("this orchestration context does not support entities");
  }

  /**
   * Calls operation {@code operation} of entity {@code entity}; the task completes with the operation's
   * result converted to {@code resultType}, or fails with {@link TaskFailedException} when it threw.
   * Inside a critical section ({@link #lockEntities}) only the locked entities may be called.
   *
   * @throws IllegalStateException when called inside a critical section on an entity it did not lock
   */
  default <V> Task<V> callEntity(EntityInstanceId entity, String operation, Object input, Class<V> resultType) {
    throw new UnsupportedOperationException("this orchestration context does not support entities");
  }

  /**
   * Enters a critical section on {@code entities}: the task completes once every one of them is locked
   * for this orchestration. Locks are acquired one entity after the other in the global order of
   * {@link EntityInstanceId} (name, then key), which makes contending critical sections deadlock-free, as
   * in Durable Functions. While held, the entities process only this orchestration's operations. Close
   * the lock to release it ({@code try (EntityLock lock = ctx.lockEntities(a, b).await()) { ... }}); the
   * end of the orchestration releases it too.
   *
   * @throws IllegalStateException when this orchestration already holds a critical section
   */
  default Task<EntityLock> lockEntities(EntityInstanceId... entities) {
    throw new UnsupportedOperationException("this orchestration context does not support entities");
  }

  /** A logger that drops messages while the orchestration is replaying. */
  System.Logger getReplaySafeLogger(String name);
}

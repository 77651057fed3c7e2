package io.duraflow.api;

/**
 * What an activity knows about its invocation, and its channel back: heartbeats and cancellation.
 *
 * <p>Heartbeats record progress durably: {@link #heartbeat(Object)} keeps the latest details, written to the
 * store at most once per interval (a third of the heartbeat timeout, and at most one second), so a chatty
 * activity does not write on every call. A retry of the call reads the last attempt's details with
 * {@link #getHeartbeatDetails(Class)} and can resume from there.
 *
 * <p>Cancellation is cooperative: the runtime never interrupts an activity's thread. When the attempt is no
 * longer wanted (its instance was terminated, or it timed out) {@link #isCancellationRequested()} turns true
 * (learnt on a heartbeat or on the worker's next lease renewal) and {@link #heartbeat(Object)} and
 * {@link #throwIfCancellationRequested()} throw {@link ActivityCanceledException}.
 */
public interface TaskActivityContext {

  /** The activity's registered name. */
  String getName();

  /** The id of the orchestration instance that scheduled this activity. */
  String getInstanceId();

  /** The task id (sequence number) within the scheduling orchestration. */
  int getTaskId();

  /** The input converted from JSON to {@code type}; null when there is none. */
  <T> T getInput(Class<T> type);

  /** The input as raw JSON text, or null. */
  String getRawInput();

  /**
   * Records progress: {@code details} (converted to JSON; may be null) become the attempt's latest heartbeat
   * details, and the attempt's heartbeat timeout restarts. Cheap to call often: the store is written at most
   * once per interval (see the type's documentation); details given in between are kept in memory and
   * written by a later heartbeat, or handed to the retry if the attempt throws.
   *
   * @throws ActivityCanceledException when the attempt is no longer wanted
   */
  default void heartbeat(Object details) {}

  /**
   * The latest heartbeat details: this attempt's, or else the previous attempt's (a retry resumes from
   * there), converted to {@code type}; null when there are none.
   */
  default <T> T getHeartbeatDetails(Class<T> type) {
    return null;
  }

  /** Whether the attempt is no longer wanted; see the type's documentation. Cheap: reads a flag. */
  default boolean isCancellationRequested() {
    return false;
  }

  /** Throws {@link ActivityCanceledException} when {@link #isCancellationRequested()}. */
  default void throwIfCancellationRequested() {
    if (isCancellationRequested()) {
      throw new ActivityCanceledException("Activity '" + getName() + "' (task #" + getTaskId() + ") of instance '"
          + getInstanceId() + "' was cancelled");
    }
  }
}

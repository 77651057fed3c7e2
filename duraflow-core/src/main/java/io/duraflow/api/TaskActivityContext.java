package io.duraflow.api;

/** What an activity knows about its invocation. */
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
}

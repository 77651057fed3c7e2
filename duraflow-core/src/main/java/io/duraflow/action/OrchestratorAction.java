package io.duraflow.action;

/**
 * Something a step of an orchestration asks the runtime to do. Actions are imperatives; once the runtime
 * commits one, history records it as the matching past-tense event ({@code ScheduleTask} becomes
 * {@code TaskScheduled}).
 */
public sealed interface OrchestratorAction
    permits ScheduleTask, CreateTimer, CreateSubOrchestration, CompleteOrchestration, ContinueAsNew, ApplyPatch, CancelTask,
        SendEntityMessage {

  /** The task id (sequence number) of the action within its execution. */
  int id();
}

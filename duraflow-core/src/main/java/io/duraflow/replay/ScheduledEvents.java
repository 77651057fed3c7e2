package io.duraflow.replay;

import io.duraflow.action.CancelTask;
import io.duraflow.action.CreateSubOrchestration;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.action.ScheduleTask;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.SubOrchestrationInstanceCreated;
import io.duraflow.history.TaskCancellationRequested;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerCreated;

/**
 * The history events that record an action of the orchestration code, and what replay compares between an
 * event and the action the code produces now: the action type, and a label (the activity or orchestration
 * name, or the cancelled task).
 */
final class ScheduledEvents {
  private ScheduledEvents() {}

  /** What one recorded event says the code did. */
  record Recorded(int taskId, String actionType, String label) {}

  static boolean isScheduling(HistoryEvent e) {
    return e instanceof TaskScheduled || e instanceof TimerCreated || e instanceof SubOrchestrationInstanceCreated
        || e instanceof TaskCancellationRequested;
  }

  /** {@code e} must be {@link #isScheduling}. */
  static Recorded recorded(HistoryEvent e) {
    if (e instanceof TaskScheduled ts) {
      return new Recorded(ts.taskId(), "ScheduleTask", ts.name());
    } else if (e instanceof TimerCreated tc) {
      return new Recorded(tc.taskId(), "CreateTimer", null);
    } else if (e instanceof TaskCancellationRequested cr) {
      return new Recorded(cr.taskId(), "CancelTask", "#" + cr.targetTaskId());
    }
    SubOrchestrationInstanceCreated sc = (SubOrchestrationInstanceCreated) e;
    return new Recorded(sc.taskId(), "CreateSubOrchestration", sc.name());
  }

  /** The label replay compares with {@link Recorded#label()}. */
  static String label(OrchestratorAction action) {
    return action instanceof ScheduleTask st ? st.name()
        : action instanceof CreateSubOrchestration cs ? cs.name()
        : action instanceof CancelTask ct ? "#" + ct.targetTaskId() : null;
  }
}

package io.duraflow.replay;

import io.duraflow.history.EventRaised;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.SubOrchestrationInstanceCompleted;
import io.duraflow.history.SubOrchestrationInstanceCreated;
import io.duraflow.history.SubOrchestrationInstanceFailed;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerCreated;
import io.duraflow.history.TimerFired;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How to rewind a failed execution: resume it from its first failure.
 *
 * <p>History is cut just before the first failure event (a failed task or sub-orchestration, or the
 * failed completion itself). Results that arrived after the cut for tasks scheduled before it are
 * delivered again as messages; tasks scheduled before the cut that have no result run again (activities
 * are rescheduled, failed sub-orchestrations are rewound, pending timers are re-armed). Work the code
 * scheduled after the cut is scheduled again when the code replays past the cut.
 *
 * @param history the history to keep
 * @param redeliver results and external events to deliver again, in their original order
 * @param rescheduleActivities activities to run again
 * @param rearmTimers timers to arm again
 * @param rewindSubOrchestrations failed sub-orchestrations to rewind
 */
public record RewindPlan(
    List<HistoryEvent> history,
    List<HistoryEvent> redeliver,
    List<TaskScheduled> rescheduleActivities,
    List<TimerCreated> rearmTimers,
    List<SubOrchestrationInstanceCreated> rewindSubOrchestrations) {

  /** Plans the rewind of a failed execution's {@code history}. */
  public static RewindPlan of(List<HistoryEvent> history) {
    int cut = history.size();
    for (int i = 0; i < history.size(); i++) {
      HistoryEvent e = history.get(i);
      if (e instanceof TaskFailed || e instanceof SubOrchestrationInstanceFailed || e instanceof ExecutionCompleted) {
        cut = i;
        break;
      }
    }
    List<HistoryEvent> kept = new ArrayList<>(history.subList(0, cut));
    Set<Integer> scheduledBeforeCut = new HashSet<>();
    Set<Integer> doneBeforeCut = new HashSet<>();
    for (HistoryEvent e : kept) {
      Integer scheduled = scheduledId(e);
      if (scheduled != null) {
        scheduledBeforeCut.add(scheduled);
      }
      Integer done = completedId(e);
      if (done != null) {
        doneBeforeCut.add(done);
      }
    }
    List<HistoryEvent> redeliver = new ArrayList<>();
    Set<Integer> redelivered = new HashSet<>();
    for (HistoryEvent e : history.subList(cut, history.size())) {
      Integer done = completedId(e);
      boolean failure = e instanceof TaskFailed || e instanceof SubOrchestrationInstanceFailed;
      if (e instanceof EventRaised) {
        redeliver.add(e);
      } else if (done != null && !failure && scheduledBeforeCut.contains(done) && !doneBeforeCut.contains(done)) {
        redeliver.add(e);
        redelivered.add(done);
      }
    }
    List<TaskScheduled> activities = new ArrayList<>();
    List<TimerCreated> timers = new ArrayList<>();
    List<SubOrchestrationInstanceCreated> children = new ArrayList<>();
    for (HistoryEvent e : kept) {
      Integer id = scheduledId(e);
      if (id == null || doneBeforeCut.contains(id) || redelivered.contains(id)) {
        continue;
      }
      if (e instanceof TaskScheduled ts) {
        activities.add(ts);
      } else if (e instanceof TimerCreated tc) {
        timers.add(tc);
      } else if (e instanceof SubOrchestrationInstanceCreated sc) {
        children.add(sc);
      }
    }
    return new RewindPlan(kept, redeliver, activities, timers, children);
  }

  private static Integer scheduledId(HistoryEvent e) {
    if (e instanceof TaskScheduled ts) {
      return ts.taskId();
    } else if (e instanceof TimerCreated tc) {
      return tc.taskId();
    } else if (e instanceof SubOrchestrationInstanceCreated sc) {
      return sc.taskId();
    }
    return null;
  }

  private static Integer completedId(HistoryEvent e) {
    if (e instanceof TaskCompleted tc) {
      return tc.taskScheduledId();
    } else if (e instanceof TaskFailed tf) {
      return tf.taskScheduledId();
    } else if (e instanceof TimerFired tf) {
      return tf.timerId();
    } else if (e instanceof SubOrchestrationInstanceCompleted sc) {
      return sc.taskScheduledId();
    } else if (e instanceof SubOrchestrationInstanceFailed sf) {
      return sf.taskScheduledId();
    }
    return null;
  }
}

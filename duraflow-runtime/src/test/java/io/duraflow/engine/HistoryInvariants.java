package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.client.DurableClient;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.SubOrchestrationInstanceCompleted;
import io.duraflow.history.SubOrchestrationInstanceCreated;
import io.duraflow.history.SubOrchestrationInstanceFailed;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerCreated;
import io.duraflow.history.TimerFired;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Store-wide truths checked after every engine test: whatever the test did, each instance's history
 * must be a consistent event log.
 */
final class HistoryInvariants {
  private HistoryInvariants() {}

  static void check(DurableClient client) {
    String token = null;
    do {
      InstancePage page = client.queryInstances(new InstanceQuery(Set.of(), null, null, null, 500, token));
      for (InstanceRecord instance : page.instances()) {
        check(instance, client.getHistory(instance.instanceId()));
      }
      token = page.continuationToken();
    } while (token != null);
  }

  static void check(InstanceRecord instance, List<HistoryEvent> history) {
    String id = instance.instanceId();
    assertThat(history.stream().filter(ExecutionStarted.class::isInstance).count())
        .as("%s has at most one ExecutionStarted", id).isLessThanOrEqualTo(1);
    assertThat(history.stream().filter(ExecutionCompleted.class::isInstance).count())
        .as("%s completes at most once", id).isLessThanOrEqualTo(1);
    Map<Integer, String> scheduled = new HashMap<>();
    Set<Integer> finished = new HashSet<>();
    for (HistoryEvent e : history) {
      Integer sid = e instanceof TaskScheduled ts ? Integer.valueOf(ts.taskId())
          : e instanceof TimerCreated tc ? Integer.valueOf(tc.taskId())
          : e instanceof SubOrchestrationInstanceCreated sc ? Integer.valueOf(sc.taskId()) : null;
      if (sid != null) {
        assertThat(scheduled.put(sid, e.eventType())).as("%s schedules task #%d once", id, sid).isNull();
      }
      Integer fid = e instanceof TaskCompleted tc ? Integer.valueOf(tc.taskScheduledId())
          : e instanceof TaskFailed tf ? Integer.valueOf(tf.taskScheduledId())
          : e instanceof TimerFired tf ? Integer.valueOf(tf.timerId())
          : e instanceof SubOrchestrationInstanceCompleted sc ? Integer.valueOf(sc.taskScheduledId())
          : e instanceof SubOrchestrationInstanceFailed sf ? Integer.valueOf(sf.taskScheduledId()) : null;
      if (fid != null) {
        assertThat(finished.add(fid)).as("%s records one result for task #%d", id, fid).isTrue();
      }
    }
    if (instance.runtimeStatus().isTerminal() && !history.isEmpty()) {
      assertThat(history).as("%s is %s so its history ends the execution", id, instance.runtimeStatus())
          .anySatisfy(e -> assertThat(e).isInstanceOf(ExecutionCompleted.class));
    }
  }
}

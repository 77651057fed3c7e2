package io.duraflow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TaskScheduled;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewindPlanTest {

  @Test
  void of_fanOutWithOneFailure_cutsAtFailureRedeliversLaterResultsAndReschedulesTheFailedTask() {
    HistoryBuilder h = new HistoryBuilder().started("Fan", null)
        .scheduled(0, "A", null).scheduled(1, "B", null).scheduled(2, "C", null)
        .step().completed(0, "\"a\"")
        .step().failed(1, "boom")
        .step().completed(2, "\"c\"");
    h.add(new ExecutionCompleted(h.now(), OrchestrationRuntimeStatus.FAILED, null, new FailureDetails("X", "boom")));
    List<HistoryEvent> history = h.build();

    RewindPlan plan = RewindPlan.of(history);

    assertThat(plan.history()).noneMatch(e -> e instanceof TaskFailed || e instanceof ExecutionCompleted);
    assertThat(plan.history()).filteredOn(TaskCompleted.class::isInstance).hasSize(1);
    assertThat(plan.redeliver()).containsExactly(new TaskCompleted(h.now(), 2, "\"c\""));
    assertThat(plan.rescheduleActivities()).extracting(TaskScheduled::taskId).containsExactly(1);
    assertThat(plan.rearmTimers()).isEmpty();
  }

  @Test
  void of_orchestratorCodeFailed_cutsAtCompletionAndReschedulesNothing() {
    HistoryBuilder h = new HistoryBuilder().started("Bug", null).scheduled(0, "A", null).step().completed(0, "1");
    h.add(new ExecutionCompleted(h.now(), OrchestrationRuntimeStatus.FAILED, null, new FailureDetails("X", "bug")));
    RewindPlan plan = RewindPlan.of(h.build());
    assertThat(plan.history()).hasSize(h.build().size() - 1);
    assertThat(plan.rescheduleActivities()).isEmpty();
    assertThat(plan.redeliver()).isEmpty();
  }
}

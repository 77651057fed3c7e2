package io.duraflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.ContinueAsNew;
import io.duraflow.action.CreateSubOrchestration;
import io.duraflow.action.CreateTimer;
import io.duraflow.action.ScheduleTask;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.EventRaised;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.SubOrchestrationInstanceCompleted;
import io.duraflow.history.SubOrchestrationInstanceFailed;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerFired;
import io.duraflow.replay.OrchestratorResult;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.OutboundMessage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pure half of a step: snapshot + new events + the code's decisions in, one commit value out. */
class StepPlannerTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final Instant NOW = T0.plusSeconds(1);
  private static final ExecutionStarted.ParentInstance PARENT =
      new ExecutionStarted.ParentInstance("Hub", "parent-1", "parent-exec", 7);

  private final AtomicInteger ids = new AtomicInteger();
  private final StepPlanner planner = new StepPlanner(() -> "exec-" + ids.incrementAndGet());

  private static OrchestrationWorkItem running(ExecutionStarted.ParentInstance parent, int historySize) {
    InstanceRecord r = new InstanceRecord("Hub", "child-1", "Child", "exec-0", OrchestrationRuntimeStatus.RUNNING,
        "\"in\"", null, null, null, T0, T0, null, parent, historySize);
    return new OrchestrationWorkItem(r, 3, List.of());
  }

  @Test
  void plan_completionOfChild_reportsToParentFromInstanceRow() {
    List<HistoryEvent> events = List.of(new OrchestratorStarted(NOW), new TaskCompleted(NOW, 0, "\"x\""));
    OrchestratorResult result = new OrchestratorResult(
        List.of(new CompleteOrchestration(1, OrchestrationRuntimeStatus.COMPLETED, "\"done\"", null)), null, false);

    OrchestrationStepCommit plan = planner.plan(running(PARENT, 4), events, result, NOW);

    assertThat(plan.update().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(plan.update().output()).isEqualTo("\"done\"");
    assertThat(plan.history()).last().isInstanceOf(ExecutionCompleted.class);
    assertThat(plan.messages()).singleElement().satisfies(m -> {
      assertThat(m.instanceId()).isEqualTo("parent-1");
      assertThat(m.executionId()).isEqualTo("parent-exec");
      assertThat(m.event()).isEqualTo(new SubOrchestrationInstanceCompleted(NOW, 7, "\"done\""));
    });
  }

  @Test
  void plan_withStepTrace_givesItToActivitiesChildrenAndTheNextExecution() {
    io.duraflow.history.TraceContext step =
        new io.duraflow.history.TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null);
    OrchestratorResult fanOut = new OrchestratorResult(List.of(new ScheduleTask(0, "A", "1"), new ScheduleTask(1, "B", "2"),
        new CreateSubOrchestration(2, "Child", "kid-1", "3")), null, false, 3);
    OrchestratorResult again = new OrchestratorResult(List.of(new ContinueAsNew(0, "\"next\"", List.of())), null, false);

    OrchestrationStepCommit first = planner.plan(running(null, 4), List.of(new OrchestratorStarted(NOW)), fanOut, NOW, step);
    OrchestrationStepCommit next = planner.plan(running(null, 4), List.of(new OrchestratorStarted(NOW)), again, NOW, step);
    OrchestrationStepCommit untraced = planner.plan(running(null, 4), List.of(new OrchestratorStarted(NOW)), fanOut, NOW);

    assertThat(first.activities()).extracting(io.duraflow.store.NewActivity::trace).containsExactly(step, step);
    assertThat(first.newInstances()).singleElement().satisfies(c -> assertThat(c.started().parentTrace()).isEqualTo(step));
    assertThat(next.messages()).extracting(OutboundMessage::event).filteredOn(ExecutionStarted.class::isInstance)
        .singleElement().satisfies(e -> assertThat(((ExecutionStarted) e).parentTrace()).isEqualTo(step));
    assertThat(untraced.activities()).extracting(io.duraflow.store.NewActivity::trace).containsOnlyNulls();
    assertThat(untraced.newInstances().get(0).started().parentTrace()).isNull();
  }

  @Test
  void plan_terminatedChild_tellsParentItFailed() {
    OrchestratorResult result = new OrchestratorResult(
        List.of(new CompleteOrchestration(1, OrchestrationRuntimeStatus.TERMINATED, "\"stop\"", null)), null, false);

    OrchestrationStepCommit plan = planner.plan(running(PARENT, 4), List.of(new OrchestratorStarted(NOW)), result, NOW);

    assertThat(plan.messages()).singleElement().extracting(OutboundMessage::event)
        .isInstanceOfSatisfying(SubOrchestrationInstanceFailed.class,
            f -> assertThat(f.failureDetails().errorMessage()).contains("terminated").contains("stop"));
  }

  @Test
  void plan_activitiesTimersAndChildren_becomeOutgoingWorkWithoutLeases() {
    Instant fireAt = NOW.plusSeconds(30);
    OrchestratorResult result = new OrchestratorResult(List.of(
        new ScheduleTask(0, "SayHello", "\"a\""),
        new CreateTimer(1, fireAt),
        new CreateSubOrchestration(2, "Child", "kid-1", "\"k\"")), "\"status\"", false, 3);

    OrchestrationStepCommit plan = planner.plan(running(null, 2), List.of(new OrchestratorStarted(NOW)), result, NOW);

    assertThat(plan.history()).extracting(HistoryEvent::eventType)
        .containsExactly("OrchestratorStarted", "TaskScheduled", "TimerCreated", "SubOrchestrationInstanceCreated");
    assertThat(plan.history().get(1)).isEqualTo(new TaskScheduled(NOW, 0, "SayHello", "\"a\""));
    assertThat(plan.activities()).singleElement().satisfies(a -> assertThat(a.name()).isEqualTo("SayHello"));
    assertThat(plan.messages()).singleElement().satisfies(m -> {
      assertThat(m.visibleAt()).isEqualTo(fireAt);
      assertThat(m.event()).isEqualTo(new TimerFired(fireAt, 1, fireAt));
    });
    assertThat(plan.newInstances()).singleElement().satisfies(child -> {
      assertThat(child.instanceId()).isEqualTo("kid-1");
      assertThat(child.started().parent()).isEqualTo(new ExecutionStarted.ParentInstance("Hub", "child-1", "exec-0", 2));
      assertThat(child.started().executionId()).isEqualTo("exec-1");
    });
    assertThat(plan.update().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
    assertThat(plan.update().customStatus()).isEqualTo("\"status\"");
    assertThat(plan.activityLease()).isNull();
    assertThat(plan.keepLease()).isNull();
  }

  @Test
  void plan_continueAsNew_replacesHistoryAndCarriesEventsOver() {
    EventRaised early = new EventRaised(NOW, "go", "1");
    OrchestratorResult result = new OrchestratorResult(List.of(new ContinueAsNew(0, "\"next\"", List.of(early))), null, false);

    OrchestrationStepCommit plan = planner.plan(running(PARENT, 9), List.of(new OrchestratorStarted(NOW)), result, NOW);

    assertThat(plan.replaceHistory()).isTrue();
    assertThat(plan.history()).isEmpty();
    assertThat(plan.update().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.CONTINUED_AS_NEW);
    assertThat(plan.update().executionId()).isEqualTo("exec-1");
    assertThat(plan.messages()).extracting(OutboundMessage::event).satisfiesExactly(
        start -> assertThat(start).isEqualTo(new ExecutionStarted(NOW, "Child", "\"next\"", "exec-1", PARENT, null)),
        carried -> assertThat(carried).isEqualTo(early));
  }

  @Test
  void plan_firstStep_takesNameInputAndParentFromExecutionStarted() {
    ExecutionStarted started = new ExecutionStarted(T0, "Child", "\"in\"", "exec-0", PARENT, null);
    FailureDetails boom = new FailureDetails("Boom", "bad", null, null);
    OrchestratorResult result = new OrchestratorResult(
        List.of(new CompleteOrchestration(0, OrchestrationRuntimeStatus.FAILED, null, boom)), null, false);

    OrchestrationStepCommit plan = planner.plan(running(null, 0), List.of(new OrchestratorStarted(NOW), started), result, NOW);

    assertThat(plan.update().failureDetails()).isEqualTo(boom);
    assertThat(plan.messages()).singleElement().extracting(OutboundMessage::event)
        .isEqualTo(new SubOrchestrationInstanceFailed(NOW, 7, boom));
  }
}

package io.duraflow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.action.ApplyPatch;
import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.action.ScheduleTask;
import io.duraflow.api.NonDeterministicOrchestrationException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskOrchestration;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.PatchApplied;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskScheduled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In-code patching: one code base replays histories of the old shape and of the new one. Histories are
 * produced by running the code itself (the actions of each step become history, as the step planner
 * records them), so they are what the engine would store.
 */
class PatchingReplayTest {
  private static final TestConverter JSON = new TestConverter();

  /** The shape before the patch: A, then B. */
  private static final TaskOrchestration V1 = ctx -> {
    ctx.callActivity("A", null, String.class).await();
    return ctx.callActivity("B", null, String.class).await();
  };

  /** The patched shape: A, then C for new executions, B for those that got past this point on V1. */
  private static final TaskOrchestration PATCHED = ctx -> {
    ctx.callActivity("A", null, String.class).await();
    if (ctx.isPatched("use-c")) {
      return ctx.callActivity("C", null, String.class).await();
    }
    return ctx.callActivity("B", null, String.class).await();
  };

  /** The patch deprecated: only the new path is left. */
  private static final TaskOrchestration DEPRECATED = ctx -> {
    ctx.callActivity("A", null, String.class).await();
    ctx.deprecatePatch("use-c");
    return ctx.callActivity("C", null, String.class).await();
  };

  /** Runs {@code code} step by step, answering activity calls with their name in lower case. */
  private static List<HistoryEvent> run(TaskOrchestration code, int steps) {
    List<HistoryEvent> history = new ArrayList<>();
    List<HistoryEvent> next = new ArrayList<>(List.of(new OrchestratorStarted(HistoryBuilder.T0),
        new ExecutionStarted(HistoryBuilder.T0, "Order", null, "exec-1", null, null)));
    for (int i = 0; i < steps; i++) {
      OrchestratorResult r = execute(code, history, next);
      history.addAll(next);
      next = new ArrayList<>(List.of(new OrchestratorStarted(HistoryBuilder.T0.plusSeconds(i + 1))));
      for (OrchestratorAction a : r.actions()) {
        if (a instanceof ScheduleTask st) {
          history.add(new TaskScheduled(HistoryBuilder.T0, st.id(), st.name(), null));
          next.add(new TaskCompleted(HistoryBuilder.T0, st.id(), JSON.serialize(st.name().toLowerCase(java.util.Locale.ROOT))));
        } else if (a instanceof ApplyPatch p) {
          history.add(new PatchApplied(HistoryBuilder.T0, p.patchId()));
        }
      }
    }
    return history;
  }

  private static OrchestratorResult execute(TaskOrchestration code, List<HistoryEvent> past, List<HistoryEvent> events) {
    try (OrchestrationExecutor executor = new OrchestrationExecutor(
        TaskRegistry.builder().addOrchestration("Order", code).build(), JSON)) {
      return executor.execute("order-1", past, events);
    }
  }

  /** The history's last scheduled task, completed: the step that lets the code finish. */
  private static List<HistoryEvent> completeLast(List<HistoryEvent> history) {
    TaskScheduled last = (TaskScheduled) history.stream().filter(TaskScheduled.class::isInstance).reduce((a, b) -> b).orElseThrow();
    return List.of(new OrchestratorStarted(HistoryBuilder.T0.plusSeconds(50)),
        new TaskCompleted(HistoryBuilder.T0, last.taskId(), JSON.serialize(last.name().toLowerCase(java.util.Locale.ROOT))));
  }

  private static CompleteOrchestration completion(OrchestratorResult r) {
    return r.actions().stream().filter(CompleteOrchestration.class::isInstance).map(CompleteOrchestration.class::cast)
        .findFirst().orElseThrow(() -> new AssertionError("no completion in " + r.actions()));
  }

  @Test
  void isPatched_oldHistoryWithoutMarker_replaysTheOldPath() {
    List<HistoryEvent> old = run(V1, 2); // A done, B scheduled
    assertThat(old).noneMatch(PatchApplied.class::isInstance);

    OrchestratorResult r = execute(PATCHED, old, completeLast(old));

    CompleteOrchestration done = completion(r);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.result()).isEqualTo("\"b\"");
    assertThat(r.actions()).noneMatch(ApplyPatch.class::isInstance);
  }

  @Test
  void isPatched_newExecution_takesTheNewPathAndRecordsAMarkerThatReplaysTheSame() {
    List<HistoryEvent> fresh = run(PATCHED, 2); // A done, marker, C scheduled
    assertThat(fresh).filteredOn(PatchApplied.class::isInstance).hasSize(1);
    assertThat(fresh).filteredOn(TaskScheduled.class::isInstance).extracting(e -> ((TaskScheduled) e).name())
        .containsExactly("A", "C");
    // The marker takes no task id: C is task 1, as B was in the old shape.
    assertThat(fresh).filteredOn(TaskScheduled.class::isInstance).extracting(e -> ((TaskScheduled) e).taskId())
        .containsExactly(0, 1);

    OrchestratorResult r = execute(PATCHED, fresh, completeLast(fresh));

    assertThat(completion(r).result()).isEqualTo("\"c\"");
    assertThat(r.actions()).as("replay records no second marker").noneMatch(ApplyPatch.class::isInstance);
  }

  @Test
  void deprecatePatch_historiesWithAndWithoutMarker_replay() {
    List<HistoryEvent> patched = run(PATCHED, 2);
    List<HistoryEvent> startedAfterDeprecation = run(DEPRECATED, 2);
    assertThat(startedAfterDeprecation).noneMatch(PatchApplied.class::isInstance);

    assertThat(completion(execute(DEPRECATED, patched, completeLast(patched))).result()).isEqualTo("\"c\"");
    assertThat(completion(execute(DEPRECATED, startedAfterDeprecation, completeLast(startedAfterDeprecation))).result())
        .isEqualTo("\"c\"");
  }

  @Test
  void deprecatePatch_historyOfTheOldPath_failsAsNonDeterministicNamingEventActionAndPatch() {
    List<HistoryEvent> old = run(V1, 2); // B scheduled: the code now does C

    CompleteOrchestration done = completion(execute(DEPRECATED, old, completeLast(old)));

    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorType()).isEqualTo(NonDeterministicOrchestrationException.class.getName());
    assertThat(done.failureDetails().errorMessage())
        .contains("TaskScheduled #1 'B'").contains("ScheduleTask 'C'").contains("deprecatePatch('use-c')");
  }

  @Test
  void isPatched_patchedBranchChangedUnderARecordedMarker_failsAsNonDeterministic() {
    List<HistoryEvent> fresh = run(PATCHED, 2); // marker, C scheduled
    TaskOrchestration changedBranch = ctx -> {
      ctx.callActivity("A", null, String.class).await();
      if (ctx.isPatched("use-c")) {
        return ctx.callActivity("D", null, String.class).await();
      }
      return ctx.callActivity("B", null, String.class).await();
    };

    CompleteOrchestration done = completion(execute(changedBranch, fresh, completeLast(fresh)));

    assertThat(done.failureDetails().errorType()).isEqualTo(NonDeterministicOrchestrationException.class.getName());
    assertThat(done.failureDetails().errorMessage()).contains("TaskScheduled #1 'C'").contains("ScheduleTask 'D'");
  }

  @Test
  void isPatched_askedTwice_answersTheSameAndRecordsOneMarker() {
    TaskOrchestration twice = ctx -> {
      boolean first = ctx.isPatched("p");
      boolean second = ctx.isPatched("p");
      return first + "/" + second;
    };
    OrchestratorResult r = execute(twice, List.of(), List.of(new OrchestratorStarted(HistoryBuilder.T0),
        new ExecutionStarted(HistoryBuilder.T0, "Order", null, "exec-1", null, null)));

    assertThat(r.actions()).filteredOn(ApplyPatch.class::isInstance).hasSize(1);
    assertThat(completion(r).result()).isEqualTo("\"true/true\"");
  }
}

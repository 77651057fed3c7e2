package io.duraflow.faces;

import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.CreateTimer;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.action.ScheduleTask;
import io.duraflow.api.DataConverter;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.TaskActivity;
import io.duraflow.api.TaskActivityContext;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerCreated;
import io.duraflow.history.TimerFired;
import io.duraflow.replay.OrchestrationExecutor;
import io.duraflow.replay.OrchestratorResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives an orchestration to completion on the pure core, running activities in-process and firing
 * timers at once: the worker loop without a store. Each step replays the whole history, as after a restart.
 */
final class InProcessRunner {
  private final TaskRegistry registry;
  private final DataConverter converter = new JacksonTestConverter();
  private final OrchestrationExecutor executor;

  InProcessRunner(TaskRegistry registry) {
    this.registry = registry;
    this.executor = new OrchestrationExecutor(registry, converter);
  }

  /** How the run ended, with every custom status set along the way and the activity calls made. */
  record Outcome(CompleteOrchestration completion, List<String> customStatuses, List<String> activityInputs,
      int timers) {}

  Outcome run(String orchestration, String inputJson) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    List<HistoryEvent> past = new ArrayList<>();
    List<HistoryEvent> next = new ArrayList<>(List.of(new OrchestratorStarted(now),
        new ExecutionStarted(now, orchestration, inputJson, "e1", null, null)));
    List<String> statuses = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    int timers = 0;
    for (int step = 0; step < 500; step++) {
      OrchestratorResult result = executor.execute("instance-1", past, next);
      past.addAll(next);
      next = new ArrayList<>();
      statuses.add(result.customStatus());
      Instant later = now.plusSeconds(1);
      for (OrchestratorAction action : result.actions()) {
        if (action instanceof CompleteOrchestration done) {
          return new Outcome(done, statuses, inputs, timers);
        }
        if (action instanceof ScheduleTask st) {
          past.add(new TaskScheduled(now, st.id(), st.name(), st.input()));
          inputs.add(st.input());
          next.add(runActivity(st, now));
        } else if (action instanceof CreateTimer ct) {
          timers++;
          past.add(new TimerCreated(now, ct.id(), ct.fireAt()));
          next.add(new TimerFired(ct.fireAt(), ct.id(), ct.fireAt()));
          if (ct.fireAt().isAfter(later)) {
            later = ct.fireAt();
          }
        } else {
          throw new AssertionError("unexpected action " + action);
        }
      }
      if (next.isEmpty()) {
        throw new AssertionError("orchestration waits for nothing the runner can deliver: " + result);
      }
      now = later;
      next.add(0, new OrchestratorStarted(now));
    }
    throw new AssertionError("orchestration did not finish in 500 steps");
  }

  private HistoryEvent runActivity(ScheduleTask st, Instant now) {
    TaskActivity activity = registry.activity(st.name()).orElseThrow();
    try {
      Object out = activity.run(new TaskActivityContext() {
        @Override
        public String getName() {
          return st.name();
        }

        @Override
        public String getInstanceId() {
          return "instance-1";
        }

        @Override
        public int getTaskId() {
          return st.id();
        }

        @Override
        public <T> T getInput(Class<T> type) {
          return converter.deserialize(st.input(), type);
        }

        @Override
        public String getRawInput() {
          return st.input();
        }
      });
      return new TaskCompleted(now, st.id(), converter.serialize(out));
    } catch (Exception e) {
      return new TaskFailed(now, st.id(), FailureDetails.of(e));
    }
  }
}

package io.duraflow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.action.AttemptTimeouts;
import io.duraflow.action.CancelTask;
import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.CreateSubOrchestration;
import io.duraflow.action.CreateTimer;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.action.ScheduleTask;
import io.duraflow.api.ActivityCanceledException;
import io.duraflow.api.ActivityOptions;
import io.duraflow.api.ActivityTimeoutKind;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.RetryHandler;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.Task;
import io.duraflow.api.SubOrchestrationOptions;
import io.duraflow.api.TaskCanceledException;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.SubOrchestrationInstanceCreated;
import io.duraflow.history.SubOrchestrationInstanceFailed;
import io.duraflow.history.TaskCancellationRequested;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerFired;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retries with activity options and retry handlers, as actions replayed from history. */
class RetryLoopTest {
  private static final Instant T0 = HistoryBuilder.T0;
  private static final ActivityOptions TIMED = ActivityOptions.builder().startToClose(Duration.ofSeconds(5))
      .heartbeatTimeout(Duration.ofSeconds(2)).scheduleToClose(Duration.ofMinutes(1))
      .retryPolicy(RetryPolicy.of(3, Duration.ofSeconds(10))).build();

  private static final TaskRegistry REGISTRY = TaskRegistry.builder()
      .addOrchestration("Timed", ctx -> ctx.callActivity("A", null, TIMED, String.class).await())
      .addOrchestration("Handler", ctx -> ctx.callActivity("A", null, ActivityOptions.builder()
          .retryHandler(r -> r.failure().errorType().equals("Fatal") ? RetryHandler.RetryDecision.stop()
              : RetryHandler.RetryDecision.retryAfter(Duration.ofSeconds(r.attempt())))
          .build(), String.class).await())
      .addOrchestration("Child", ctx -> ctx.callSubOrchestrator("C", null, null, RetryPolicy.of(2, Duration.ofSeconds(1)),
          String.class).await())
      .addOrchestration("QueuedTimed", ctx -> ctx.callActivity("A", null, TIMED.toBuilder().queue("emails").priority(4)
          .build(), String.class).await())
      .addOrchestration("QueuedChild", ctx -> ctx.callSubOrchestrator("C", null, null, SubOrchestrationOptions
          .of(RetryPolicy.of(2, Duration.ofSeconds(1))).withQueue("reports").withPriority(2), String.class).await())
      .addOrchestration("Cancels", ctx -> {
        Task<String> call = ctx.callActivity("A", null, TIMED, String.class);
        ctx.anyOf(List.of(call, ctx.createTimer(Duration.ofSeconds(10)))).await();
        ctx.cancelActivity(call);
        try {
          return call.await();
        } catch (TaskCanceledException e) {
          return "cancelled";
        }
      })
      .build();

  private final OrchestrationExecutor executor = new OrchestrationExecutor(REGISTRY, new TestConverter());
  private static final AttemptTimeouts DEADLINES = new AttemptTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2),
      T0.plus(Duration.ofMinutes(1)));

  @Test
  void execute_activityOptions_scheduleTheAttemptWithItsDeadlines() {
    OrchestratorResult r = executor.execute("i", List.of(), new HistoryBuilder().started("Timed", null).build());
    assertThat(r.actions()).containsExactly(new ScheduleTask(0, "A", null, DEADLINES, null));
  }

  @Test
  void execute_timedOutAttempt_retriesWithTheSameDeadlineAndItsHeartbeatDetails() {
    HistoryBuilder h = new HistoryBuilder().started("Timed", null).add(new TaskScheduled(T0, 0, "A", null));
    TaskFailed timeout = new TaskFailed(T0, 0, ActivityTimeoutKind.HEARTBEAT.failure("no heartbeat"), "{\"page\":4}");
    OrchestratorResult r1 = executor.execute("i", h.build(), step(1, timeout));
    assertThat(r1.actions()).containsExactly(new CreateTimer(1, T0.plusSeconds(11)));

    h.step().add(timeout).timerCreated(1, T0.plusSeconds(11));
    OrchestratorResult r2 = executor.execute("i", h.build(), step(11, new TimerFired(T0.plusSeconds(11), 1, null)));
    assertThat(r2.actions()).containsExactly(new ScheduleTask(2, "A", null, DEADLINES, "{\"page\":4}"));
  }

  @Test
  void execute_scheduleToCloseTimeout_isNotRetried() {
    List<HistoryEvent> past = new HistoryBuilder().started("Timed", null).add(new TaskScheduled(T0, 0, "A", null)).build();
    OrchestratorResult r = executor.execute("i", past,
        step(60, new TaskFailed(T0, 0, ActivityTimeoutKind.SCHEDULE_TO_CLOSE.failure("late"))));
    CompleteOrchestration done = completion(r);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().inner().errorType()).isEqualTo("duraflow.ActivityTimeout.ScheduleToClose");
  }

  @Test
  void execute_cancelledAttempt_isNotRetried() {
    List<HistoryEvent> past = new HistoryBuilder().started("Timed", null).add(new TaskScheduled(T0, 0, "A", null)).build();
    OrchestratorResult r = executor.execute("i", past,
        step(1, new TaskFailed(T0, 0, new FailureDetails(ActivityCanceledException.ERROR_TYPE, "cancelled"))));
    assertThat(completion(r).status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
  }

  @Test
  void execute_retryWaitPastTheScheduleToCloseDeadline_failsWithScheduleToClose() {
    List<HistoryEvent> past = new HistoryBuilder().started("Timed", null).add(new TaskScheduled(T0, 0, "A", null)).build();
    // 55 s in, a 10 s wait would end after the one-minute deadline.
    OrchestratorResult r = executor.execute("i", past, step(55, new TaskFailed(T0, 0, new FailureDetails("X", "boom"))));
    FailureDetails call = completion(r).failureDetails().inner();
    assertThat(call.errorType()).isEqualTo(ActivityTimeoutKind.SCHEDULE_TO_CLOSE.errorType());
    assertThat(call.inner().errorType()).isEqualTo("X");
  }

  @Test
  void execute_retryHandler_decidesTheWaitAndStops() {
    HistoryBuilder h = new HistoryBuilder().started("Handler", null).scheduled(0, "A", null);
    OrchestratorResult r1 = executor.execute("i", h.build(), step(1, new TaskFailed(T0, 0, new FailureDetails("Flaky", "x"))));
    assertThat(r1.actions()).containsExactly(new CreateTimer(1, T0.plusSeconds(2))); // attempt 1: wait 1 s

    h.step().failed(0, "x").timerCreated(1, null).step().timerFired(1, null).scheduled(2, "A", null);
    OrchestratorResult r2 = executor.execute("i", h.build(), step(5, new TaskFailed(T0, 2, new FailureDetails("Fatal", "no"))));
    CompleteOrchestration done = completion(r2);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorType()).isEqualTo(TaskFailedException.class.getName());
    assertThat(done.failureDetails().inner().errorType()).isEqualTo("Fatal");
  }

  @Test
  void execute_subOrchestrationRetry_startsAChildWithADerivedId() {
    HistoryBuilder h = new HistoryBuilder().started("Child", null)
        .add(new SubOrchestrationInstanceCreated(T0, 0, "C", "i:0000", null));
    SubOrchestrationInstanceFailed failed = new SubOrchestrationInstanceFailed(T0, 0, new FailureDetails("X", "child failed"));
    OrchestratorResult r1 = executor.execute("i", h.build(), step(1, failed));
    assertThat(r1.actions()).containsExactly(new CreateTimer(1, T0.plusSeconds(2)));

    h.step().add(failed).timerCreated(1, null);
    OrchestratorResult r2 = executor.execute("i", h.build(), step(2, new TimerFired(T0, 1, null)));
    assertThat(r2.actions()).containsExactly(new CreateSubOrchestration(2, "C", "i:0000#2", null));
  }

  @Test
  void execute_queuedTimedActivity_everyAttemptKeepsItsDeadlinesQueueAndPriority() {
    OrchestratorResult r0 = executor.execute("i", List.of(), new HistoryBuilder().started("QueuedTimed", null).build());
    assertThat(r0.actions()).containsExactly(new ScheduleTask(0, "A", null, DEADLINES, null, "emails", 4));

    HistoryBuilder h = new HistoryBuilder().started("QueuedTimed", null).add(new TaskScheduled(T0, 0, "A", null));
    TaskFailed timeout = new TaskFailed(T0, 0, ActivityTimeoutKind.HEARTBEAT.failure("no heartbeat"), "{\"page\":4}");
    h.step().add(timeout).timerCreated(1, T0.plusSeconds(11));
    OrchestratorResult r2 = executor.execute("i", h.build(), step(11, new TimerFired(T0.plusSeconds(11), 1, null)));
    assertThat(r2.actions()).containsExactly(new ScheduleTask(2, "A", null, DEADLINES, "{\"page\":4}", "emails", 4));
  }

  @Test
  void execute_queuedSubOrchestrationRetry_admitsEveryChildByTheQueue() {
    OrchestratorResult r0 = executor.execute("i", List.of(), new HistoryBuilder().started("QueuedChild", null).build());
    assertThat(r0.actions()).containsExactly(new CreateSubOrchestration(0, "C", "i:0000", null, null, "reports", 2));

    HistoryBuilder h = new HistoryBuilder().started("QueuedChild", null)
        .add(new SubOrchestrationInstanceCreated(T0, 0, "C", "i:0000", null));
    SubOrchestrationInstanceFailed failed = new SubOrchestrationInstanceFailed(T0, 0, new FailureDetails("X", "child failed"));
    h.step().add(failed).timerCreated(1, null);
    OrchestratorResult r2 = executor.execute("i", h.build(), step(2, new TimerFired(T0, 1, null)));
    assertThat(r2.actions()).containsExactly(new CreateSubOrchestration(2, "C", "i:0000#2", null, null, "reports", 2));
  }

  @Test
  void execute_replayedRetryThatNowSchedulesSomethingElse_failsAsNonDeterministic() {
    // History says the retry of "A" was a sub-orchestration: the code no longer does that.
    List<HistoryEvent> past = new HistoryBuilder().started("Timed", null).add(new TaskScheduled(T0, 0, "A", null))
        .step().add(new TaskFailed(T0, 0, new FailureDetails("X", "boom")))
        .add(new SubOrchestrationInstanceCreated(T0, 1, "C", "i:0001", null)).build();
    OrchestratorResult r = executor.execute("i", past, step(20, new TimerFired(T0, 1, null)));
    assertThat(completion(r).failureDetails().errorMessage()).contains("Non-deterministic");
  }

  @Test
  void execute_cancelActivity_recordsTheCancellationAndFailsTheCall() {
    List<HistoryEvent> past = new HistoryBuilder().started("Cancels", null).add(new TaskScheduled(T0, 0, "A", null))
        .timerCreated(1, T0.plusSeconds(10)).build();
    OrchestratorResult r = executor.execute("i", past, step(10, new TimerFired(T0.plusSeconds(10), 1, null)));
    assertThat(r.actions().get(0)).isEqualTo(new CancelTask(2, 0));
    assertThat(completion(r).result()).isEqualTo("\"cancelled\"");
  }

  @Test
  void execute_cancelledCallWhoseLateResultArrivesInTheSameStep_ignoresTheResult() {
    List<HistoryEvent> past = new HistoryBuilder().started("Cancels", null).add(new TaskScheduled(T0, 0, "A", null))
        .timerCreated(1, T0.plusSeconds(10)).build();
    OrchestratorResult r = executor.execute("i", past, step(10, new TimerFired(T0.plusSeconds(10), 1, null),
        new io.duraflow.history.TaskCompleted(T0, 0, "\"too late\"")));
    assertThat(completion(r).result()).isEqualTo("\"cancelled\"");
  }

  @Test
  void execute_replayedCancellationOfAnotherTask_failsAsNonDeterministic() {
    List<HistoryEvent> past = new HistoryBuilder().started("Cancels", null).add(new TaskScheduled(T0, 0, "A", null))
        .timerCreated(1, T0.plusSeconds(10)).step().timerFired(1, null)
        .add(new TaskCancellationRequested(T0, 2, 7)).build();
    OrchestratorResult r = executor.execute("i", past, step(20, new io.duraflow.history.TaskCompleted(T0, 0, "\"x\"")));
    assertThat(completion(r).failureDetails().errorMessage()).contains("Non-deterministic").contains("#7");
  }

  private static List<HistoryEvent> step(int seconds, HistoryEvent... events) {
    List<HistoryEvent> list = new ArrayList<>();
    list.add(new OrchestratorStarted(T0.plusSeconds(seconds)));
    list.addAll(List.of(events));
    return list;
  }

  private static CompleteOrchestration completion(OrchestratorResult r) {
    OrchestratorAction last = r.actions().get(r.actions().size() - 1);
    assertThat(last).isInstanceOf(CompleteOrchestration.class);
    return (CompleteOrchestration) last;
  }
}

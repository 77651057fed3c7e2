package io.duraflow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.ContinueAsNew;
import io.duraflow.action.CreateSubOrchestration;
import io.duraflow.action.CreateTimer;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.action.ScheduleTask;
import io.duraflow.api.NonDeterministicOrchestrationException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.Task;
import io.duraflow.api.TaskCanceledException;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.EventRaised;
import io.duraflow.history.ExecutionResumed;
import io.duraflow.history.ExecutionSuspended;
import io.duraflow.history.ExecutionTerminated;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.TaskCompleted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OrchestrationExecutorTest {
  private static final TestConverter JSON = new TestConverter();

  private static final TaskRegistry REGISTRY = TaskRegistry.builder()
      .addOrchestration("Hello", ctx -> {
        String a = ctx.callActivity("SayHello", "Tokyo", String.class).await();
        String b = ctx.callActivity("SayHello", "Seattle", String.class).await();
        return a + "," + b;
      })
      .addOrchestration("FanOut", ctx -> {
        int n = ctx.getInput(Integer.class);
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          tasks.add(ctx.callActivity("Square", i, Integer.class));
        }
        return ctx.allOf(tasks).await().stream().mapToInt(Integer::intValue).sum();
      })
      .addOrchestration("Retry", ctx -> ctx.callActivity("Flaky", null,
          RetryPolicy.builder(3, Duration.ofSeconds(10)).backoffCoefficient(2).build(), String.class).await())
      .addOrchestration("Approval", ctx -> {
        try {
          return ctx.waitForExternalEvent("Approval", Duration.ofHours(1), String.class).await();
        } catch (TaskCanceledException e) {
          return "timed out";
        }
      })
      .addOrchestration("Swallower", ctx -> {
        while (true) {
          try {
            ctx.createTimer(Duration.ofMinutes(1)).await();
          } catch (Exception e) {
            // user code that swallows everything must still be terminable
          }
        }
      })
      .addOrchestration("Counter", ctx -> {
        int n = ctx.getInput(Integer.class);
        String e = ctx.waitForExternalEvent("inc", String.class).await();
        ctx.continueAsNew(n + 1);
        return e;
      })
      .addOrchestration("Thrower", ctx -> {
        throw new IllegalArgumentException("bad input: " + ctx.getRawInput());
      })
      .addOrchestration("AnyLoop", ctx -> {
        List<Task<String>> pending = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          pending.add(ctx.callActivity("SayHello", "x" + i, String.class));
        }
        OrchestrationExecutorTest.ANY_LOOP_TASKS.clear();
        OrchestrationExecutorTest.ANY_LOOP_TASKS.addAll(pending);
        while (!pending.isEmpty()) {
          ctx.anyOf(new ArrayList<>(pending)).await();
          pending.removeIf(Task::isDone);
        }
        return "all done";
      })
      .addOrchestration("OutOfMemory", ctx -> {
        throw new OutOfMemoryError("simulated");
      })
      .addOrchestration("Recursing", ctx -> recurse(1))
      .addOrchestration("Parent", ctx -> ctx.callSubOrchestrator("Hello", null, null, String.class).await())
      .build();

  private final OrchestrationExecutor executor = new OrchestrationExecutor(REGISTRY, JSON);

  private static List<HistoryEvent> newStep(HistoryEvent... events) {
    List<HistoryEvent> list = new ArrayList<>();
    list.add(new OrchestratorStarted(HistoryBuilder.T0.plusSeconds(100)));
    list.addAll(List.of(events));
    return list;
  }

  private static CompleteOrchestration completion(OrchestratorResult r) {
    OrchestratorAction last = r.actions().get(r.actions().size() - 1);
    assertThat(last).isInstanceOf(CompleteOrchestration.class);
    return (CompleteOrchestration) last;
  }

  @Test
  void execute_newInstance_schedulesFirstActivityOnly() {
    OrchestratorResult r = executor.execute("i1", List.of(), new HistoryBuilder().started("Hello", null).build());
    assertThat(r.actions()).containsExactly(new ScheduleTask(0, "SayHello", "\"Tokyo\""));
    assertThat(r.endsExecution()).isFalse();
  }

  @Test
  void execute_firstActivityDone_schedulesSecondWithoutRepeatingFirst() {
    List<HistoryEvent> past = new HistoryBuilder().started("Hello", null).scheduled(0, "SayHello", "\"Tokyo\"").build();
    OrchestratorResult r = executor.execute("i1", past, newStep(new TaskCompleted(HistoryBuilder.T0, 0, "\"Hello Tokyo\"")));
    assertThat(r.actions()).containsExactly(new ScheduleTask(1, "SayHello", "\"Seattle\""));
  }

  @Test
  void execute_allActivitiesDone_completesWithOutput() {
    List<HistoryEvent> past = new HistoryBuilder().started("Hello", null).scheduled(0, "SayHello", "\"Tokyo\"")
        .step().completed(0, "\"A\"").scheduled(1, "SayHello", "\"Seattle\"").build();
    OrchestratorResult r = executor.execute("i1", past, newStep(new TaskCompleted(HistoryBuilder.T0, 1, "\"B\"")));
    CompleteOrchestration done = completion(r);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.result()).isEqualTo("\"A,B\"");
  }

  @Test
  void execute_activityRenamedInCode_failsAsNonDeterministic() {
    List<HistoryEvent> past = new HistoryBuilder().started("Hello", null).scheduled(0, "Greet", "\"Tokyo\"").build();
    OrchestratorResult r = executor.execute("i1", past, newStep(new TaskCompleted(HistoryBuilder.T0, 0, "\"x\"")));
    CompleteOrchestration done = completion(r);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorType()).isEqualTo(NonDeterministicOrchestrationException.class.getName());
    assertThat(done.failureDetails().errorMessage())
        .contains("TaskScheduled #0 'Greet'", "ScheduleTask 'SayHello'", "instance 'i1'");
  }

  @Test
  void execute_activityRemovedFromCode_failsAsNonDeterministic() {
    // History says the orchestration scheduled a third activity the code no longer has.
    List<HistoryEvent> past = new HistoryBuilder().started("Hello", null).scheduled(0, "SayHello", "\"Tokyo\"")
        .step().completed(0, "\"A\"").scheduled(1, "SayHello", "\"Seattle\"")
        .scheduled(2, "SayHello", "\"London\"").build();
    OrchestratorResult r = executor.execute("i1", past, newStep(new TaskCompleted(HistoryBuilder.T0, 1, "\"B\"")));
    CompleteOrchestration done = completion(r);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorMessage()).contains("did not schedule task #2");
  }

  @Test
  void execute_fanOut_schedulesAllAtOnceAndSumsWhenAllDone() {
    OrchestratorResult first = executor.execute("f", List.of(), new HistoryBuilder().started("FanOut", "1000").build());
    assertThat(first.actions()).hasSize(1000).allMatch(a -> a instanceof ScheduleTask);

    HistoryBuilder past = new HistoryBuilder().started("FanOut", "1000");
    List<HistoryEvent> results = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      past.scheduled(i, "Square", String.valueOf(i));
      results.add(new TaskCompleted(HistoryBuilder.T0, i, String.valueOf(i * i)));
    }
    OrchestratorResult r = executor.execute("f", past.build(), newStep(results.toArray(HistoryEvent[]::new)));
    long expected = 0;
    for (int i = 0; i < 1000; i++) {
      expected += (long) i * i;
    }
    assertThat(completion(r).result()).isEqualTo(String.valueOf(expected));
  }

  @Test
  void execute_retryPolicy_waitsWithBackoffThenGivesUp() {
    HistoryBuilder h = new HistoryBuilder().started("Retry", null).scheduled(0, "Flaky", null);
    OrchestratorResult r1 = executor.execute("r", h.build(), newStep(failure(0)));
    assertThat(r1.actions()).containsExactly(new CreateTimer(1, HistoryBuilder.T0.plusSeconds(100 + 10)));

    h.step().failed(0, "boom").timerCreated(1, HistoryBuilder.T0.plusSeconds(110));
    OrchestratorResult r2 = executor.execute("r", h.build(), newStep(new io.duraflow.history.TimerFired(HistoryBuilder.T0, 1, null)));
    assertThat(r2.actions()).containsExactly(new ScheduleTask(2, "Flaky", null));

    h.step().timerFired(1, null).scheduled(2, "Flaky", null);
    OrchestratorResult r3 = executor.execute("r", h.build(), newStep(failure(2)));
    // Second failure: backoff coefficient 2 doubles the wait.
    assertThat(r3.actions()).containsExactly(new CreateTimer(3, HistoryBuilder.T0.plusSeconds(100 + 20)));

    h.step().failed(2, "boom").timerCreated(3, null).step().timerFired(3, null).scheduled(4, "Flaky", null);
    OrchestratorResult r4 = executor.execute("r", h.build(), newStep(failure(4)));
    CompleteOrchestration done = completion(r4);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorType()).isEqualTo(TaskFailedException.class.getName());
  }

  private static io.duraflow.history.TaskFailed failure(int id) {
    return new io.duraflow.history.TaskFailed(HistoryBuilder.T0, id,
        new io.duraflow.api.FailureDetails(IllegalStateException.class.getName(), "boom"));
  }

  @Test
  void execute_externalEventBeforeTimeout_returnsPayload() {
    List<HistoryEvent> past = new HistoryBuilder().started("Approval", null)
        .timerCreated(0, HistoryBuilder.T0.plus(Duration.ofHours(1))).build();
    OrchestratorResult r = executor.execute("a", past, newStep(new EventRaised(HistoryBuilder.T0, "approval", "\"yes\"")));
    assertThat(completion(r).result()).isEqualTo("\"yes\"");
  }

  @Test
  void execute_timeoutTimerFires_cancelsTheWait() {
    OrchestratorResult first = executor.execute("a", List.of(), new HistoryBuilder().started("Approval", null).build());
    assertThat(first.actions()).containsExactly(new CreateTimer(0, HistoryBuilder.T0.plus(Duration.ofHours(1))));
    List<HistoryEvent> past = new HistoryBuilder().started("Approval", null)
        .timerCreated(0, HistoryBuilder.T0.plus(Duration.ofHours(1))).build();
    OrchestratorResult r = executor.execute("a", past, newStep(new io.duraflow.history.TimerFired(HistoryBuilder.T0, 0, null)));
    assertThat(completion(r).result()).isEqualTo("\"timed out\"");
  }

  @Test
  void execute_terminate_unwindsCodeThatCatchesExceptions() {
    List<HistoryEvent> past = new HistoryBuilder().started("Swallower", null).timerCreated(0, null).build();
    OrchestratorResult r = executor.execute("s", past, newStep(new ExecutionTerminated(HistoryBuilder.T0, "enough")));
    CompleteOrchestration done = completion(r);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
    assertThat(done.result()).isEqualTo("\"enough\"");
  }

  @Test
  void execute_suspended_defersEventsUntilResumed() {
    List<HistoryEvent> past = new HistoryBuilder().started("Approval", null).timerCreated(0, HistoryBuilder.T0.plus(Duration.ofHours(1))).build();
    try (OrchestrationSession s = executor.open("a", past)) {
      OrchestratorResult r1 = s.step(newStep(new ExecutionSuspended(HistoryBuilder.T0, "pause"),
          new EventRaised(HistoryBuilder.T0, "Approval", "\"yes\"")));
      assertThat(r1.suspended()).isTrue();
      assertThat(r1.actions()).isEmpty();
      OrchestratorResult r2 = s.step(newStep(new ExecutionResumed(HistoryBuilder.T0, "go")));
      assertThat(r2.suspended()).isFalse();
      assertThat(completion(r2).result()).isEqualTo("\"yes\"");
    }
  }

  @Test
  void execute_continueAsNew_carriesOverUnconsumedEvents() {
    List<HistoryEvent> past = new HistoryBuilder().started("Counter", "1").build();
    OrchestratorResult r = executor.execute("c", past, newStep(new EventRaised(HistoryBuilder.T0, "inc", "\"a\""),
        new EventRaised(HistoryBuilder.T0, "inc", "\"b\"")));
    OrchestratorAction last = r.actions().get(r.actions().size() - 1);
    assertThat(last).isInstanceOf(ContinueAsNew.class);
    ContinueAsNew can = (ContinueAsNew) last;
    assertThat(can.newInput()).isEqualTo("2");
    assertThat(can.carryoverEvents()).extracting(e -> ((EventRaised) e).input()).containsExactly("\"b\"");
  }

  @Test
  void execute_orchestratorThrows_failsWithDetails() {
    OrchestratorResult r = executor.execute("t", List.of(), new HistoryBuilder().started("Thrower", "42").build());
    CompleteOrchestration done = completion(r);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorType()).isEqualTo(IllegalArgumentException.class.getName());
    assertThat(done.failureDetails().errorMessage()).isEqualTo("bad input: 42");
    assertThat(done.failureDetails().stackTrace()).contains("OrchestrationExecutorTest");
  }

  @Test
  void execute_unknownOrchestration_failsNamingIt() {
    OrchestratorResult r = executor.execute("u", List.of(), new HistoryBuilder().started("Nope", null).build());
    assertThat(completion(r).failureDetails().errorMessage()).contains("'Nope'", "registered");
  }

  static final List<Task<String>> ANY_LOOP_TASKS = new CopyOnWriteArrayList<>();

  @Test
  void execute_anyOfInALoop_leavesOneCallbackPerPendingTask() {
    HistoryBuilder h = new HistoryBuilder().started("AnyLoop", null)
        .scheduled(0, "SayHello", "\"x0\"").scheduled(1, "SayHello", "\"x1\"").scheduled(2, "SayHello", "\"x2\"");
    try (OrchestrationSession session = executor.open("any", List.of())) {
      session.step(h.build());
      session.step(newStep(new TaskCompleted(HistoryBuilder.T0, 0, "\"a\"")));
      // Two anyOf calls so far; the first one's callbacks must be gone from the tasks still pending.
      assertThat(ANY_LOOP_TASKS.subList(1, 3)).allSatisfy(t ->
          assertThat(((ReplayTask<String>) t).pendingCallbacks()).isEqualTo(1));
    }
  }

  private static int recurse(int n) {
    return n + recurse(n + 1);
  }

  @Test
  void execute_codeRunsOutOfMemory_stepThrowsInsteadOfFailingTheInstance() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
        executor.execute("oom", List.of(), new HistoryBuilder().started("OutOfMemory", null).build()))
        .isInstanceOf(OutOfMemoryError.class).hasMessage("simulated");
  }

  @Test
  void execute_unboundedRecursion_failsTheInstance() {
    OrchestratorResult r = executor.execute("deep", List.of(), new HistoryBuilder().started("Recursing", null).build());
    CompleteOrchestration done = completion(r);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorType()).isEqualTo(StackOverflowError.class.getName());
    assertThat(done.failureDetails().stackTrace()).as("bounded in history").hasSizeLessThan(17_000).contains("more characters");
  }

  @Test
  void execute_subOrchestrationUnderLocaleWithOtherDigits_childIdIsAsciiEverywhere() {
    java.util.Locale original = java.util.Locale.getDefault();
    java.util.Locale.setDefault(java.util.Locale.forLanguageTag("th-TH-u-nu-thai")); // Thai digits in String.format
    try {
      OrchestratorResult r = executor.execute("p", List.of(), new HistoryBuilder().started("Parent", null).build());
      assertThat(r.actions()).singleElement().isInstanceOfSatisfying(CreateSubOrchestration.class,
          c -> assertThat(c.instanceId()).isEqualTo("p:0000"));
    } finally {
      java.util.Locale.setDefault(original);
    }
  }

  @Test
  void execute_subOrchestration_derivesChildIdFromParent() {
    OrchestratorResult r = executor.execute("p", List.of(), new HistoryBuilder().started("Parent", null).build());
    assertThat(r.actions()).containsExactly(new CreateSubOrchestration(0, "Hello", "p:0000", null));
  }

  @Test
  void session_cachedSteps_matchFreshReplayAtEveryStep() {
    // Drive one session step by step and compare each step with a from-scratch replay of the same history.
    HistoryBuilder h = new HistoryBuilder().started("Hello", null);
    try (OrchestrationSession session = executor.open("i", List.of())) {
      OrchestratorResult s1 = session.step(h.build());
      h.scheduled(0, "SayHello", "\"Tokyo\"").step().completed(0, "\"A\"");
      List<HistoryEvent> past1 = new HistoryBuilder().started("Hello", null).scheduled(0, "SayHello", "\"Tokyo\"").build();
      List<HistoryEvent> step2 = newStep(new TaskCompleted(HistoryBuilder.T0, 0, "\"A\""));
      OrchestratorResult cached = session.step(step2);
      OrchestratorResult fresh = executor.execute("i", past1, step2);
      assertThat(s1.actions()).containsExactly(new ScheduleTask(0, "SayHello", "\"Tokyo\""));
      assertThat(cached).isEqualTo(fresh);
    }
  }

  @Test
  void context_replay_givesSameTimeUuidsAndReplayFlags() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    TaskRegistry reg = TaskRegistry.builder().addOrchestration("Det", ctx -> {
      seen.add(ctx.currentInstant());
      seen.add(ctx.newUuid());
      seen.add(ctx.isReplaying());
      ctx.callActivity("A", null, String.class).await();
      seen.add(ctx.currentInstant());
      seen.add(ctx.isReplaying());
      return null;
    }).build();
    OrchestrationExecutor ex = new OrchestrationExecutor(reg, JSON);
    List<HistoryEvent> past = new HistoryBuilder().started("Det", null).scheduled(0, "A", null).build();
    ex.execute("d", List.of(), new HistoryBuilder().started("Det", null).build());
    List<Object> firstRun = List.copyOf(seen);
    seen.clear();
    ex.execute("d", past, newStep(new TaskCompleted(HistoryBuilder.T0, 0, null)));
    assertThat(seen.get(0)).isEqualTo(firstRun.get(0)).isEqualTo(HistoryBuilder.T0);
    assertThat(seen.get(1)).isEqualTo(firstRun.get(1)).isInstanceOf(UUID.class);
    assertThat(firstRun.get(2)).isEqualTo(false);
    assertThat(seen.get(2)).isEqualTo(true);
    assertThat(seen.get(3)).isEqualTo(HistoryBuilder.T0.plusSeconds(100));
    assertThat(seen.get(4)).isEqualTo(false);
  }
}

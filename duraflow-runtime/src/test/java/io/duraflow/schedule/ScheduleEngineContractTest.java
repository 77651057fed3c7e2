package io.duraflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.metrics.DuraflowMeters;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Schedules run by real engines on a real store: one start per due time with three nodes on one
 * database, catch-up after downtime, the overlap policies, pause and resume. Expected due times are
 * computed from the spec; waits poll for a condition with a deadline.
 */
public abstract class ScheduleEngineContractTest {
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final Duration POLL = Duration.ofMillis(50);

  @TempDir protected Path dir;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** A new, empty store. */
  protected abstract OrchestrationStore newStore(Path dir, Clock clock);

  /** Another store over the database of {@code first}, as another node opens it. */
  protected abstract OrchestrationStore sameDatabase(OrchestrationStore first, Path dir, Clock clock);

  static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addOrchestration("Quick", ctx -> ctx.getInput(String.class))
        .addOrchestration("AwaitGo", ctx -> ctx.waitForExternalEvent("go", String.class).await())
        .build();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  private DuraflowEngine engine(OrchestrationStore store, Clock clock, SimpleMeterRegistry meters) {
    return closing(DuraflowEngine.builder().store(store).registry(registry()).clock(clock).meterRegistry(meters)
        .schedulePollInterval(POLL).build().start());
  }

  private DuraflowEngine engine(OrchestrationStore store, Clock clock) {
    return engine(store, clock, new SimpleMeterRegistry());
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private static Set<String> instancesOf(DuraflowEngine engine, String scheduleId) {
    Set<String> ids = new TreeSet<>();
    for (InstanceRecord r : engine.client().queryInstances(new InstanceQuery(null, null, null, null, 1000, null)).instances()) {
      if (r.instanceId().startsWith(scheduleId + "-")) {
        ids.add(r.instanceId());
      }
    }
    return ids;
  }

  /** The spec's due times in [from, to], from the spec itself. */
  private static Set<String> expectedIds(String scheduleId, ScheduleSpec spec, Instant from, Instant to) {
    Set<String> ids = new TreeSet<>();
    Instant t = spec.nextAfter(from.minusMillis(1)).orElse(null);
    while (t != null && !t.isAfter(to)) {
      ids.add(ScheduleStep.instanceId(scheduleId, t));
      t = spec.nextAfter(t).orElse(null);
    }
    return ids;
  }

  /** Waits until the scheduler has worked through every due time up to the clock's now. */
  private static void awaitCaughtUp(DuraflowEngine engine, String scheduleId, Clock clock) throws InterruptedException {
    await("schedule " + scheduleId + " to be past " + clock.instant(), () -> {
      Instant next = engine.schedules().require(scheduleId).nextDueAt();
      return next == null || next.isAfter(clock.instant());
    });
  }

  private static double started(SimpleMeterRegistry meters) {
    return meters.get(DuraflowMeters.SCHEDULE_ACTIONS.name()).tag("outcome", "started").counter().count();
  }

  @Test
  void threeNodes_everySecond_exactlyOneStartPerDueTime() throws Exception {
    Clock clock = Clock.systemUTC();
    OrchestrationStore first = closing(newStore(dir, clock));
    List<OrchestrationStore> stores = List.of(first, closing(sameDatabase(first, dir, clock)),
        closing(sameDatabase(first, dir, clock)));
    List<SimpleMeterRegistry> meters = new ArrayList<>();
    List<DuraflowEngine> engines = new ArrayList<>();
    for (OrchestrationStore s : stores) {
      SimpleMeterRegistry m = new SimpleMeterRegistry();
      meters.add(m);
      engines.add(engine(s, clock, m));
    }
    Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
    ScheduleSpec spec = ScheduleSpec.every(Duration.ofSeconds(1)).between(start, start.plusSeconds(4));
    Schedule created = engines.get(0).schedules().create("tick", ScheduleDefinition.of("Quick", "\"hi\"", spec)
        .withOverlap(OverlapPolicy.ALLOW_ALL));
    // From the first due time at or after the create (on a stalled machine that may be after start).
    Set<String> expected = expectedIds("tick", spec, created.nextDueAt(), spec.endAt());
    assertThat(expected).as("due times left to race for").hasSizeGreaterThanOrEqualTo(2);

    await("the schedule to pass its end", () -> engines.get(1).schedules().require("tick").nextDueAt() == null);
    await("every instance to complete", () -> instancesOf(engines.get(2), "tick").stream().allMatch(id ->
        engines.get(2).client().getInstance(id).orElseThrow().runtimeStatus() == OrchestrationRuntimeStatus.COMPLETED));

    assertThat(instancesOf(engines.get(0), "tick")).isEqualTo(expected);
    assertThat(meters.stream().mapToDouble(ScheduleEngineContractTest::started).sum())
        .as("starts summed over the three nodes").isEqualTo(expected.size());
    for (String id : expected) {
      assertThat(engines.get(0).client().getHistory(id).stream().filter(e -> e instanceof ExecutionStarted).count())
          .as("executions of " + id).isEqualTo(1);
    }
  }

  @Test
  void downtime_restart_startsOnlyTheDueTimesInsideTheCatchupWindow() throws Exception {
    MutableClock clock = new MutableClock(T0);
    OrchestrationStore store = closing(newStore(dir, clock));
    ScheduleSpec spec = ScheduleSpec.every(Duration.ofMinutes(1));
    ScheduleDefinition def = ScheduleDefinition.of("Quick", "\"x\"", spec).withOverlap(OverlapPolicy.ALLOW_ALL)
        .withCatchupWindow(Duration.ofMinutes(5));
    try (DuraflowEngine before = DuraflowEngine.builder().store(store).registry(registry()).clock(clock)
        .schedulePollInterval(POLL).build().start()) {
      before.schedules().create("catch", def);
      awaitCaughtUp(before, "catch", clock);
      assertThat(instancesOf(before, "catch")).containsExactly(ScheduleStep.instanceId("catch", T0));
    }

    clock.advance(Duration.ofMinutes(30).plusSeconds(30)); // every node down for half an hour
    DuraflowEngine after = engine(store, clock);
    awaitCaughtUp(after, "catch", clock);

    Set<String> expected = new TreeSet<>(expectedIds("catch", spec, clock.instant().minus(def.catchupWindow()), clock.instant()));
    expected.add(ScheduleStep.instanceId("catch", T0));
    assertThat(instancesOf(after, "catch")).isEqualTo(expected);
    assertThat(expected).as("the window held some due times, and the downtime more").hasSize(1 + 5);
  }

  @ParameterizedTest
  @EnumSource(OverlapPolicy.class)
  void overlap_lastInstanceStillWaiting_policyDecides(OverlapPolicy policy) throws Exception {
    MutableClock clock = new MutableClock(T0);
    DuraflowEngine engine = engine(closing(newStore(dir, clock)), clock);
    ScheduleSpec spec = ScheduleSpec.every(Duration.ofMinutes(1));
    engine.schedules().create("o", ScheduleDefinition.of("AwaitGo", null, spec).withOverlap(policy));
    String firstId = ScheduleStep.instanceId("o", T0);
    awaitCaughtUp(engine, "o", clock);
    int dueTimesWhileRunning = 3;
    for (int i = 0; i < dueTimesWhileRunning; i++) {
      clock.advance(Duration.ofMinutes(1));
      awaitCaughtUp(engine, "o", clock);
    }
    assertThat(engine.client().getInstance(firstId).orElseThrow().runtimeStatus().isTerminal()).isFalse();

    switch (policy) {
      case SKIP -> assertThat(instancesOf(engine, "o")).containsExactly(firstId);
      case ALLOW_ALL -> assertThat(instancesOf(engine, "o")).isEqualTo(expectedIds("o", spec, T0, clock.instant()));
      case BUFFER_ONE -> {
        assertThat(instancesOf(engine, "o")).containsExactly(firstId);
        Instant buffered = spec.nextAfter(T0).orElseThrow();
        assertThat(engine.schedules().require("o").bufferedDueAt()).isEqualTo(buffered);

        engine.client().raiseEvent(firstId, "go", "done");
        String bufferedId = ScheduleStep.instanceId("o", buffered);
        await("the buffered start", () -> instancesOf(engine, "o").contains(bufferedId));
        assertThat(instancesOf(engine, "o")).containsExactlyInAnyOrder(firstId, bufferedId);
        assertThat(engine.schedules().require("o").bufferedDueAt()).isNull();
        assertThat(engine.schedules().require("o").lastInstanceId()).isEqualTo(bufferedId);
      }
      default -> throw new AssertionError(policy);
    }
  }

  @Test
  void pause_dueTimesPassWithoutStarts_resume_nextDueFromNowOn() throws Exception {
    MutableClock clock = new MutableClock(T0);
    DuraflowEngine engine = engine(closing(newStore(dir, clock)), clock);
    ScheduleSpec spec = ScheduleSpec.every(Duration.ofMinutes(1));
    ScheduleClient schedules = engine.schedules();
    schedules.create("p", ScheduleDefinition.of("Quick", "\"p\"", spec).withOverlap(OverlapPolicy.ALLOW_ALL));
    // A witness schedule due at the same times: once it is past now, the runner's pass saw the paused one too.
    schedules.create("w", ScheduleDefinition.of("Quick", "\"w\"", spec).withOverlap(OverlapPolicy.ALLOW_ALL));
    awaitCaughtUp(engine, "p", clock);

    Schedule paused = schedules.pause("p", "maintenance window");
    assertThat(paused.paused()).isTrue();
    assertThat(paused.note()).isEqualTo("maintenance window");
    clock.advance(Duration.ofMinutes(3));
    awaitCaughtUp(engine, "w", clock);
    assertThat(instancesOf(engine, "p")).containsExactly(ScheduleStep.instanceId("p", T0));

    // The first due time at or after now: the ones missed while paused are not caught up.
    Instant firstAfterResume = ScheduleStep.firstDueFrom(spec, clock.instant());
    assertThat(schedules.resume("p", null).paused()).isFalse(); // (the runner may already have started it)
    awaitCaughtUp(engine, "p", clock);
    assertThat(instancesOf(engine, "p")).containsExactly(ScheduleStep.instanceId("p", T0),
        ScheduleStep.instanceId("p", firstAfterResume));
  }

  @Test
  void trigger_startsNowWhatever_andBecomesTheLastInstance() throws Exception {
    MutableClock clock = new MutableClock(T0.plusSeconds(1));
    DuraflowEngine engine = engine(closing(newStore(dir, clock)), clock);
    engine.schedules().create("t", ScheduleDefinition.of("Quick", "\"t\"", ScheduleSpec.cron("0 0 1 1 *")));
    engine.schedules().pause("t", null);

    String id = engine.schedules().trigger("t");

    assertThat(id).isEqualTo(ScheduleStep.instanceId("t", clock.instant()));
    assertThat(engine.client().waitForCompletion(id, Duration.ofSeconds(30)).output()).isEqualTo("\"t\"");
    assertThat(engine.schedules().require("t").lastInstanceId()).isEqualTo(id);
  }

  @Test
  void backfill_startsEachDueTimeOfTheRangeOnce_evenWhenRunTwice() throws Exception {
    MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(1)).plusSeconds(60)); // between due times
    DuraflowEngine engine = engine(closing(newStore(dir, clock)), clock);
    ScheduleSpec spec = ScheduleSpec.every(Duration.ofMinutes(15));
    ScheduleClient schedules = engine.schedules();
    schedules.create("b", ScheduleDefinition.of("Quick", "\"b\"", spec)); // skip: backfill ignores the policy
    Instant from = T0.plusSeconds(1);
    Instant to = T0.plus(Duration.ofHours(1));

    List<String> first = schedules.backfill("b", from, to);
    List<String> again = schedules.backfill("b", T0.minus(Duration.ofMinutes(30)), to);

    assertThat(first).containsExactlyElementsOf(expectedIds("b", spec, from, to));
    assertThat(again).containsExactlyElementsOf(expectedIds("b", spec, T0.minus(Duration.ofMinutes(30)), T0));
    for (String id : first) {
      assertThat(engine.client().waitForCompletion(id, Duration.ofSeconds(30)).output()).isEqualTo("\"b\"");
    }
    assertThat(schedules.require("b").lastInstanceId()).as("a backfill is not the schedule's last start").isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> schedules.backfill("b", to, from))
        .hasMessageContaining("ends");
  }
}

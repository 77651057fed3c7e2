package io.duraflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskOrchestration;
import io.duraflow.api.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
  /** Thirty days, one timer a day, an activity after each: what the kit must test in milliseconds. */
  private static final TaskOrchestration MONTHLY = ctx -> {
    List<String> seen = new ArrayList<>();
    for (int day = 1; day <= 30; day++) {
      ctx.createTimer(Duration.ofDays(1)).await();
      seen.add(ctx.callActivity("Tick", day, String.class).await());
    }
    return seen.size() + " ticks, last at " + ctx.currentInstant();
  };

  private static DuraflowTestEnvironment monthly() {
    return DuraflowTestEnvironment.builder().orchestration("Monthly", MONTHLY)
        .activity("Tick", ctx -> "day " + ctx.getInput(Integer.class)).build();
  }

  @Test
  void advance_thirtyDailyTimers_eachFiresOnItsDayAndTheInstanceCompletes() {
    try (DuraflowTestEnvironment env = monthly()) {
      Instant start = env.now();
      String id = env.run("Monthly", null);
      assertThat(env.instance(id).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
      assertThat(env.nextDueTime()).contains(start.plus(Duration.ofDays(1)));

      env.advance(Duration.ofDays(1).minusMillis(1));
      assertThat(env.activityCalls("Tick")).as("no timer fires before its time").isZero();

      env.advance(Duration.ofMillis(1));
      assertThat(env.activityCalls("Tick")).isEqualTo(1);

      env.advance(Duration.ofDays(28));
      assertThat(env.activityCalls("Tick")).isEqualTo(29);
      assertThat(env.instance(id).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);

      env.advance(Duration.ofDays(1));
      assertThat(env.instance(id).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      assertThat(env.output(id, String.class)).isEqualTo("30 ticks, last at " + start.plus(Duration.ofDays(30)));
      assertThat(env.now()).isEqualTo(start.plus(Duration.ofDays(30)));
      assertThat(env.nextDueTime()).isEmpty();
    }
  }

  @Test
  void advance_oneLongJump_stopsAtEveryDueTimeOnTheWay() {
    try (DuraflowTestEnvironment env = monthly()) {
      Instant start = env.now();
      String id = env.run("Monthly", null);
      env.advance(Duration.ofDays(365));
      assertThat(env.instance(id).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      // The orchestration saw the time of its last timer, not the end of the jump.
      assertThat(env.output(id, String.class)).endsWith("last at " + start.plus(Duration.ofDays(30)));
      assertThat(env.now()).isEqualTo(start.plus(Duration.ofDays(365)));
    }
  }

  @Test
  void currentInstant_isTheVirtualClock() {
    Instant start = Instant.parse("2031-06-01T12:00:00Z");
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder().startAt(start)
        .orchestration("Now", ctx -> {
          Instant before = ctx.currentInstant();
          ctx.createTimer(Duration.ofHours(5)).await();
          return List.of(before.toString(), ctx.currentInstant().toString());
        }).build()) {
      String id = env.run("Now", null);
      env.advance(Duration.ofDays(2));
      assertThat(env.output(id, List.class)).containsExactly(start.toString(), start.plus(Duration.ofHours(5)).toString());
      assertThat(env.instance(id).createdAt()).isEqualTo(start);
    }
  }

  @Test
  void advance_retryBackoff_runsTheRetryWhenItsDelayHasPassed() {
    RetryPolicy retry = RetryPolicy.of(3, Duration.ofMinutes(10));
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder()
        .orchestration("Retrying", ctx -> ctx.callActivity("Flaky", null, retry, String.class).await())
        .activity("Flaky", ctx -> "ok").build()) {
      env.failActivity("Flaky", "down for maintenance");
      String id = env.run("Retrying", null);
      assertThat(env.activityCalls("Flaky")).isEqualTo(1);
      env.stubActivity("Flaky", ctx -> "back up");
      env.advance(Duration.ofMinutes(10).minusMillis(1));
      assertThat(env.activityCalls("Flaky")).as("the retry waits for its delay").isEqualTo(1);
      env.advance(Duration.ofMillis(1));
      assertThat(env.activityCalls("Flaky")).isEqualTo(2);
      assertThat(env.output(id, String.class)).isEqualTo("back up");
    }
  }

  @Test
  void virtualClock_inAnotherZone_movesWithIt() {
    VirtualClock clock = new VirtualClock(Instant.parse("2030-03-01T00:00:00Z"));
    java.time.Clock tokyo = clock.withZone(java.time.ZoneId.of("Asia/Tokyo"));
    clock.advance(Duration.ofHours(3));
    assertThat(tokyo.instant()).isEqualTo(clock.instant());
    assertThat(java.time.LocalTime.now(tokyo)).isEqualTo(java.time.LocalTime.of(12, 0));
    clock.advanceTo(Instant.parse("2029-01-01T00:00:00Z"));
    assertThat(clock.instant()).as("never backwards").isEqualTo(Instant.parse("2030-03-01T03:00:00Z"));
  }

  @Test
  void advance_negativeSpan_isRefusedWithAClearMessage() {
    try (DuraflowTestEnvironment env = monthly()) {
      assertThatThrownBy(() -> env.advance(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forward");
    }
  }
}

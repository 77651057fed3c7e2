package io.duraflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.store.ScheduleRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The scheduler's decisions as values: no store, no clock. */
class ScheduleStepTest {
  private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");
  private static final ScheduleSpec EVERY_MINUTE = ScheduleSpec.every(Duration.ofMinutes(1));

  private static ScheduleRecord row(Instant nextDue, Instant buffered, String last) {
    return new ScheduleRecord("hub", "s", "{}", nextDue, buffered, last, false, null, T, T, 3);
  }

  private static ScheduleDefinition def(OverlapPolicy overlap) {
    return ScheduleDefinition.of("Flow", null, EVERY_MINUTE).withOverlap(overlap);
  }

  @Test
  void looksScheduled_matchesTheIdsSchedulesGive_notOrdinaryIds() {
    assertThat(ScheduleStep.looksScheduled(ScheduleStep.instanceId("hourly", T))).isTrue();
    assertThat(ScheduleStep.looksScheduled(ScheduleStep.instanceId("a-b", T.plusMillis(123)))).isTrue();
    assertThat(ScheduleStep.looksScheduled(java.util.UUID.randomUUID().toString().replace("-", ""))).isFalse();
    assertThat(ScheduleStep.looksScheduled("order-2026-05-01")).isFalse();
    assertThat(ScheduleStep.looksScheduled(T.toString())).isFalse(); // a due time alone has no schedule id
  }

  @Test
  void decide_notYetDue_nothing() {
    assertThat(ScheduleStep.decide(row(T.plusSeconds(1), null, null), def(OverlapPolicy.SKIP), T, false)).isEmpty();
  }

  @Test
  void decide_due_startsWithTheDeterministicIdAndAdvances() {
    ScheduleStep step = ScheduleStep.decide(row(T, null, null), def(OverlapPolicy.SKIP), T.plusMillis(5), false).orElseThrow();
    assertThat(step.outcome()).isEqualTo(ScheduleStep.Outcome.STARTED);
    assertThat(step.start().instanceId()).isEqualTo("s-" + T);
    assertThat(step.start().startAt()).isEqualTo(T);
    assertThat(step.next().nextDueAt()).isEqualTo(EVERY_MINUTE.nextAfter(T).orElseThrow());
    assertThat(step.next().lastInstanceId()).isEqualTo(step.start().instanceId());
    assertThat(step.next().version()).as("the version read, for the compare-and-set").isEqualTo(3);
  }

  @Test
  void decide_jitter_delaysTheStartNotTheId() {
    ScheduleDefinition d = ScheduleDefinition.of("Flow", null, EVERY_MINUTE.withJitter(Duration.ofSeconds(20)));
    ScheduleStep step = ScheduleStep.decide(row(T, null, null), d, T, false).orElseThrow();
    assertThat(step.start().instanceId()).isEqualTo("s-" + T);
    assertThat(step.start().startAt()).isEqualTo(T.plus(d.spec().jitterOf("s", T)));
  }

  @Test
  void decide_lastStillRuns_skipSkipsBufferOneBuffersAllowAllStarts() {
    ScheduleRecord due = row(T, null, "s-old");
    assertThat(ScheduleStep.decide(due, def(OverlapPolicy.SKIP), T, true).orElseThrow().outcome())
        .isEqualTo(ScheduleStep.Outcome.SKIPPED);
    ScheduleStep buffered = ScheduleStep.decide(due, def(OverlapPolicy.BUFFER_ONE), T, true).orElseThrow();
    assertThat(buffered.outcome()).isEqualTo(ScheduleStep.Outcome.BUFFERED);
    assertThat(buffered.next().bufferedDueAt()).isEqualTo(T);
    assertThat(ScheduleStep.decide(due, def(OverlapPolicy.ALLOW_ALL), T, true).orElseThrow().outcome())
        .isEqualTo(ScheduleStep.Outcome.STARTED);
  }

  @Test
  void decide_bufferFull_skipsFurtherDueTimes() {
    ScheduleStep step = ScheduleStep.decide(row(T, T.minusSeconds(60), "s-old"), def(OverlapPolicy.BUFFER_ONE), T, true)
        .orElseThrow();
    assertThat(step.outcome()).isEqualTo(ScheduleStep.Outcome.SKIPPED);
    assertThat(step.next().bufferedDueAt()).isEqualTo(T.minusSeconds(60));
  }

  @Test
  void decide_bufferedAndLastFinished_startsTheBufferedOneFirst() {
    Instant buffered = T.minusSeconds(60);
    ScheduleStep step = ScheduleStep.decide(row(T, buffered, "s-old"), def(OverlapPolicy.BUFFER_ONE), T, false).orElseThrow();
    assertThat(step.start().instanceId()).isEqualTo(ScheduleStep.instanceId("s", buffered));
    assertThat(step.next().bufferedDueAt()).isNull();
    assertThat(step.next().nextDueAt()).as("the due time is the next step's").isEqualTo(T);
  }

  @Test
  void decide_dueOlderThanTheCatchupWindow_fastForwardsIntoTheWindow() {
    ScheduleDefinition d = def(OverlapPolicy.ALLOW_ALL).withCatchupWindow(Duration.ofMinutes(5));
    Instant now = T.plus(Duration.ofHours(2)).plusSeconds(30);
    ScheduleStep step = ScheduleStep.decide(row(T, null, null), d, now, false).orElseThrow();
    assertThat(step.outcome()).isEqualTo(ScheduleStep.Outcome.MISSED);
    assertThat(step.start()).isNull();
    Instant first = step.next().nextDueAt();
    assertThat(first).isAfterOrEqualTo(now.minus(d.catchupWindow()));
    assertThat(EVERY_MINUTE.nextAfter(first.minusSeconds(60).minusMillis(1)).orElseThrow()).isBefore(now.minus(d.catchupWindow()));
  }

  @Test
  void decide_paused_nothing() {
    ScheduleRecord paused = new ScheduleRecord("hub", "s", "{}", T, null, null, true, "n", T, T, 1);
    assertThat(ScheduleStep.decide(paused, def(OverlapPolicy.ALLOW_ALL), T.plusSeconds(600), false)).isEmpty();
  }
}

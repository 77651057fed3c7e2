package io.duraflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Due-time arithmetic of {@link ScheduleSpec}: pure, no database. */
class ScheduleSpecTest {
  private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

  private static List<Instant> dueTimes(ScheduleSpec spec, Instant after, int n) {
    List<Instant> out = new ArrayList<>();
    Instant t = after;
    for (int i = 0; i < n; i++) {
      t = spec.nextAfter(t).orElseThrow();
      out.add(t);
    }
    return out;
  }

  private static Instant oslo(int year, int month, int day, int hour, int minute) {
    return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, OSLO).toInstant();
  }

  @Test
  void cron_hourly_dueOnEveryWholeHourStrictlyAfter() {
    Instant after = Instant.parse("2026-05-01T10:00:00Z");
    List<Instant> due = dueTimes(ScheduleSpec.cron("0 * * * *"), after, 3);
    for (int i = 0; i < due.size(); i++) {
      assertThat(due.get(i)).isEqualTo(after.plus(Duration.ofHours(i + 1)));
    }
  }

  @Test
  void cron_withSecondsField_dueEveryTenSeconds() {
    Instant after = Instant.parse("2026-05-01T10:00:05Z");
    assertThat(dueTimes(ScheduleSpec.cron("*/10 * * * * *"), after, 2))
        .containsExactly(Instant.parse("2026-05-01T10:00:10Z"), Instant.parse("2026-05-01T10:00:20Z"));
  }

  @Test
  void cron_inTimeZone_wallClockTimeOfThatZone() {
    Instant due = ScheduleSpec.cron("0 9 * * MON-FRI").inZone(OSLO).nextAfter(Instant.parse("2026-05-01T12:00:00Z")).orElseThrow();
    ZonedDateTime local = due.atZone(OSLO);
    assertThat(local.toLocalTime()).isEqualTo(LocalTime.of(9, 0));
    assertThat(local.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY); // 2026-05-01 is a Friday
  }

  @Test
  void cron_springForward_02_30DoesNotExistThatDay_runsTheNextDay() {
    // Europe/Oslo skips 02:00-03:00 on 2026-03-29 (from +01:00 to +02:00).
    ScheduleSpec spec = ScheduleSpec.cron("30 2 * * *").inZone(OSLO);
    List<Instant> due = dueTimes(spec, oslo(2026, 3, 28, 12, 0), 2);
    assertThat(due.get(0).atZone(OSLO).toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 3, 30, 2, 30));
    assertThat(due.get(1).atZone(OSLO).toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 3, 31, 2, 30));
    assertThat(OSLO.getRules().isValidOffset(LocalDateTime.of(2026, 3, 29, 2, 30), OSLO.getRules().getOffset(due.get(0))))
        .as("02:30 really is in the gap").isFalse();
  }

  @Test
  void cron_fallBack_02_30HappensTwice_runsOnceAtTheFirst() {
    // Europe/Oslo repeats 02:00-03:00 on 2026-10-25 (from +02:00 to +01:00).
    ScheduleSpec spec = ScheduleSpec.cron("30 2 * * *").inZone(OSLO);
    List<Instant> due = dueTimes(spec, oslo(2026, 10, 24, 12, 0), 2);
    ZonedDateTime first = due.get(0).atZone(OSLO);
    assertThat(first.toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 10, 25, 2, 30));
    assertThat(first.getOffset()).isEqualTo(OSLO.getRules().getValidOffsets(first.toLocalDateTime()).get(0));
    assertThat(due.get(1).atZone(OSLO).toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 10, 26, 2, 30));
  }

  @Test
  void cron_hourlyAcrossFallBack_runsEveryRealHour() {
    Instant after = Instant.parse("2026-10-24T23:30:00Z");
    List<Instant> due = dueTimes(ScheduleSpec.cron("0 * * * *").inZone(OSLO), after, 4);
    for (int i = 1; i < due.size(); i++) {
      assertThat(Duration.between(due.get(i - 1), due.get(i))).isEqualTo(Duration.ofHours(1));
    }
  }

  @Test
  void interval_withOffset_alignedToTheEpochNotToCreation() {
    ScheduleSpec spec = ScheduleSpec.every(Duration.ofMinutes(15)).withOffset(Duration.ofMinutes(5));
    Instant due = spec.nextAfter(Instant.parse("2026-05-01T10:07:00Z")).orElseThrow();
    assertThat(due).isEqualTo(Instant.parse("2026-05-01T10:20:00Z"));
    assertThat(spec.nextAfter(due)).contains(due.plus(Duration.ofMinutes(15)));
  }

  @Test
  void bounds_noDueTimeBeforeStartOrAfterEnd() {
    Instant start = Instant.parse("2026-05-01T10:00:00Z");
    ScheduleSpec spec = ScheduleSpec.every(Duration.ofMinutes(1)).between(start, start.plusSeconds(120));
    assertThat(spec.nextAfter(start.minus(Duration.ofDays(1)))).contains(start);
    assertThat(spec.nextAfter(start.plusSeconds(60))).contains(start.plusSeconds(120));
    assertThat(spec.nextAfter(start.plusSeconds(120))).isEmpty();
  }

  @Test
  void jitter_sameForTheSameDueTime_withinBounds_andSpread() {
    Duration max = Duration.ofSeconds(30);
    ScheduleSpec spec = ScheduleSpec.every(Duration.ofMinutes(1)).withJitter(max);
    Set<Duration> seen = new HashSet<>();
    Instant t = Instant.parse("2026-05-01T10:00:00Z");
    for (int i = 0; i < 200; i++) {
      t = spec.nextAfter(t).orElseThrow();
      Duration j = spec.jitterOf("report", t);
      assertThat(j).isBetween(Duration.ZERO, max);
      assertThat(ScheduleSpec.every(Duration.ofMinutes(1)).withJitter(max).jitterOf("report", t))
          .as("another node computes the same").isEqualTo(j);
      seen.add(j);
    }
    assertThat(seen).as("delays spread over the range").hasSizeGreaterThan(100);
    assertThat(ScheduleSpec.every(Duration.ofMinutes(1)).jitterOf("report", t)).isZero();
  }

  @Test
  void invalidSpecs_failWithMessagesNamingTheProblem() {
    assertThatThrownBy(() -> ScheduleSpec.cron("0 * * *")).hasMessageContaining("has 4 fields");
    assertThatThrownBy(() -> ScheduleSpec.cron("61 * * * *")).hasMessageContaining("'61 * * * *' is invalid");
    assertThatThrownBy(() -> ScheduleSpec.every(Duration.ofMillis(10))).hasMessageContaining("too short");
    assertThatThrownBy(() -> ScheduleSpec.every(Duration.ofMinutes(1)).withOffset(Duration.ofMinutes(1)))
        .hasMessageContaining("less than the interval");
    assertThatThrownBy(() -> ScheduleJson.zone("Mars/Olympus")).hasMessageContaining("IANA");
    assertThatThrownBy(() -> ScheduleJson.duration("5 parsecs", "jitter")).hasMessageContaining("Invalid jitter");
    assertThatThrownBy(() -> OverlapPolicy.parse("sometimes")).hasMessageContaining("skip, buffer-one, allow-all");
  }

  @Test
  void json_roundTripsEveryField() {
    ScheduleDefinition d = new ScheduleDefinition("Report", "{\"n\":[1,2]}",
        ScheduleSpec.cron("0 9 * * *").inZone(OSLO).withJitter(Duration.ofSeconds(30))
            .between(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")),
        OverlapPolicy.BUFFER_ONE, Duration.ofMinutes(10));
    assertThat(ScheduleJson.read(ScheduleJson.write(d))).isEqualTo(d);
    ScheduleDefinition interval = ScheduleDefinition.of("Tick", null,
        ScheduleSpec.every(Duration.ofSeconds(90)).withOffset(Duration.ofSeconds(5)));
    assertThat(ScheduleJson.read(ScheduleJson.write(interval))).isEqualTo(interval);
    assertThat(ScheduleJson.duration("250ms", "x")).isEqualTo(Duration.ofMillis(250));
    assertThat(ScheduleJson.duration("2d", "x")).isEqualTo(Duration.ofDays(2));
  }
}

package io.duraflow.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression, parsed by cron-utils: five fields (minute hour day-of-month month day-of-week, the
 * Unix form) or six with a leading seconds field (Spring's form). Day-of-week 0 and 7 are Sunday; names
 * ({@code MON}, {@code JAN}), ranges, lists and steps ({@code *}{@code /15}) work as in crontab.
 *
 * <p>Times are wall-clock times in the schedule's time zone, so across a daylight-saving change (checked
 * in {@code DueTimesTest}): a time the clocks skip (02:30 on a spring-forward day in Europe/Oslo) does not
 * exist that day, and the job runs at the next time the expression matches that does exist; a time the
 * clocks repeat (02:30 on the fall-back day) runs once, at its first occurrence. Immutable.
 */
public final class CronExpression {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser WITH_SECONDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

  private final String text;
  private final ExecutionTime executionTime;

  private CronExpression(String text, ExecutionTime executionTime) {
    this.text = text;
    this.executionTime = executionTime;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the expression and what is wrong with it
   */
  public static CronExpression parse(String text) {
    Objects.requireNonNull(text, "cron");
    String trimmed = text.trim().replaceAll("\\s+", " ");
    int fields = trimmed.isEmpty() ? 0 : trimmed.split(" ").length;
    if (fields != 5 && fields != 6) {
      throw new IllegalArgumentException("Cron expression '" + text + "' has " + fields
          + " fields; use 5 (minute hour day-of-month month day-of-week, e.g. '0 * * * *')"
          + " or 6 with seconds first (e.g. '*/10 * * * * *')");
    }
    try {
      Cron cron = (fields == 5 ? UNIX : WITH_SECONDS).parse(trimmed).validate();
      return new CronExpression(trimmed, ExecutionTime.forCron(cron));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cron expression '" + text + "' is invalid: " + e.getMessage());
    }
  }

  /** The first time strictly after {@code after} that the expression matches in {@code zone}, if any. */
  public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
    return executionTime.nextExecution(after.atZone(zone)).map(ZonedDateTime::toInstant);
  }

  /** The expression as parsed (runs of spaces collapsed). */
  @Override
  public String toString() {
    return text;
  }
}

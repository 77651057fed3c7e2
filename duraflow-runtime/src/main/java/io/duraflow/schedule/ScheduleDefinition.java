package io.duraflow.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * What a schedule starts and when: the orchestration and its input, the {@link ScheduleSpec}, and the
 * policies. Immutable.
 *
 * @param orchestration the name of the orchestration each due time starts
 * @param input the input of every instance, JSON text, or null
 * @param spec when starts are due
 * @param overlap what to do when a start is due while the last instance still runs; default
 *     {@link OverlapPolicy#SKIP}
 * @param catchupWindow how far back due times missed while no scheduler ran (all nodes down) are still
 *     started; older ones are skipped; default {@link #DEFAULT_CATCHUP_WINDOW}
 */
public record ScheduleDefinition(String orchestration, String input, ScheduleSpec spec, OverlapPolicy overlap,
    Duration catchupWindow) {

  /** One hour: a restart or an upgrade catches up, a node down over the weekend does not flood. */
  public static final Duration DEFAULT_CATCHUP_WINDOW = Duration.ofHours(1);

  public ScheduleDefinition {
    Objects.requireNonNull(orchestration, "orchestration");
    if (orchestration.isBlank()) {
      throw new IllegalArgumentException("A schedule needs the name of the orchestration it starts");
    }
    Objects.requireNonNull(spec, "spec");
    overlap = overlap == null ? OverlapPolicy.SKIP : overlap;
    catchupWindow = catchupWindow == null ? DEFAULT_CATCHUP_WINDOW : catchupWindow;
    if (catchupWindow.isNegative()) {
      throw new IllegalArgumentException("Catch-up window must not be negative, was " + catchupWindow);
    }
  }

  /** Starts {@code orchestration} with {@code input} (JSON or null) when {@code spec} is due, with default policies. */
  public static ScheduleDefinition of(String orchestration, String input, ScheduleSpec spec) {
    return new ScheduleDefinition(orchestration, input, spec, null, null);
  }

  public ScheduleDefinition withOverlap(OverlapPolicy value) {
    return new ScheduleDefinition(orchestration, input, spec, value, catchupWindow);
  }

  public ScheduleDefinition withCatchupWindow(Duration value) {
    return new ScheduleDefinition(orchestration, input, spec, overlap, value);
  }
}

package io.duraflow.schedule;

import io.duraflow.history.ExecutionStarted;
import io.duraflow.metrics.DuraflowMeters;
import io.duraflow.store.CompletionListener;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.ScheduleRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of one node: starts the instances of due schedules. Every worker node runs one; they
 * need not know of each other.
 *
 * <p>Design note. Each pass reads the due rows and, per row, repeats {@link ScheduleStep#decide} and a
 * compare-and-set ({@link io.duraflow.store.ScheduleStore#fire}) until nothing is due. When two nodes
 * race for a row, the store lets one win; the loser's write changes nothing and it moves on (it re-reads
 * the row at its next pass). The instance id {@code <scheduleId>-<due time>} is deterministic, so even a
 * winner that crashed after committing and before logging cannot be repeated by another node. Between
 * passes the runner sleeps until the earliest due time it knows of, at most the poll interval (changes
 * by other nodes are seen at the next poll), and wakes early when this process changes a schedule or an
 * instance finishes (a buffered start waits for that).
 *
 * <p>Times come from the injected {@link Clock}; only the sleeping uses the real time, so a test clock
 * that jumps is noticed within one poll interval.
 */
public final class ScheduleRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleRunner.class);
  /** Steps one row may take per pass: a bound on a flood (allow-all after a long downtime) per pass. */
  private static final int MAX_STEPS_PER_ROW = 1000;
  private static final int MAX_ROWS_PER_PASS = 100;
  private static final Duration MIN_PAUSE = Duration.ofMillis(20);

  private final OrchestrationStore store;
  private final Clock clock;
  private final Duration pollInterval;
  private final Map<ScheduleStep.Outcome, Counter> counters = new EnumMap<>(ScheduleStep.Outcome.class);
  /**
   * A finished run may release a buffered start. Only ids of a schedule's shape wake the runner: waking on
   * every completion cost two store reads per instance on a busy node.
   */
  private final CompletionListener onCompletion = (hub, id, state) -> {
    if (ScheduleStep.looksScheduled(id)) {
      wake();
    }
  };
  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean running;
  private Thread thread;

  /**
   * @param pollInterval the longest pause between passes: how soon changes made by other nodes (a new
   *     schedule, a resume, an instance finished there) are seen
   */
  public ScheduleRunner(OrchestrationStore store, Clock clock, Duration pollInterval, MeterRegistry meters) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.compareTo(MIN_PAUSE) < 0) {
      throw new IllegalArgumentException("Schedule poll interval must be at least " + MIN_PAUSE.toMillis() + "ms");
    }
    for (ScheduleStep.Outcome o : ScheduleStep.Outcome.values()) {
      counters.put(o, Counter.builder(DuraflowMeters.SCHEDULE_ACTIONS.name())
          .description(DuraflowMeters.SCHEDULE_ACTIONS.description()).tag("outcome", o.tag()).register(meters));
    }
  }

  /** Starts the scheduler thread. Returns this. */
  public synchronized ScheduleRunner start() {
    if (thread == null) {
      running = true;
      store.addCompletionListener(onCompletion);
      thread = new Thread(this::loop, "duraflow-schedules");
      thread.setDaemon(true);
      thread.start();
    }
    return this;
  }

  /** Makes the next pass run now: a schedule of this process changed, or an instance finished. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  private void loop() {
    while (running) {
      try {
        runDue();
        pause(nextPause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable t) {
        LOG.warn("Scheduler pass failed; retrying in {}: {}", pollInterval, t.toString());
        try {
          pause(pollInterval);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private Duration nextPause() {
    Optional<Instant> earliest = store.schedules().earliestDue();
    if (earliest.isEmpty()) {
      return pollInterval;
    }
    Duration untilDue = Duration.between(clock.instant(), earliest.get());
    if (untilDue.isNegative() || untilDue.isZero()) {
      // Still due after this node's pass: another node took it meanwhile, or the row cannot run (logged).
      return pollInterval;
    }
    if (untilDue.compareTo(MIN_PAUSE) < 0) {
      return MIN_PAUSE;
    }
    return untilDue.compareTo(pollInterval) < 0 ? untilDue : pollInterval;
  }

  private void pause(Duration d) throws InterruptedException {
    synchronized (signal) {
      long deadline = System.nanoTime() + d.toNanos();
      while (!woken && running) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        signal.wait(Math.max(1, left / 1_000_000));
      }
      woken = false;
    }
  }

  /** One pass: works through every schedule due now. Returns how many instances it started. */
  public int runDue() {
    int started = 0;
    for (ScheduleRecord row : store.schedules().due(clock.instant(), MAX_ROWS_PER_PASS)) {
      try {
        started += runRow(row);
      } catch (RuntimeException e) {
        // One bad row (a definition a newer version wrote, say) must not stop the others.
        LOG.warn("Schedule '{}' of task hub '{}' could not run: {}", row.scheduleId(), row.taskHub(), e.getMessage());
      }
    }
    return started;
  }

  private int runRow(ScheduleRecord first) {
    int started = 0;
    ScheduleRecord row = first;
    for (int i = 0; i < MAX_STEPS_PER_ROW && row != null; i++) {
      ScheduleDefinition def = ScheduleJson.read(row.definition());
      Instant now = clock.instant();
      Optional<ScheduleStep> step = ScheduleStep.decide(row, def, now, lastRunning(row));
      if (step.isEmpty()) {
        break;
      }
      ScheduleStep s = step.get();
      NewInstance start = s.start() == null ? null : new NewInstance(row.taskHub(), s.start().instanceId(),
          new ExecutionStarted(now, def.orchestration(), def.input(), UUID.randomUUID().toString().replace("-", ""),
              null, s.start().startAt().isAfter(now) ? s.start().startAt() : null));
      if (!store.schedules().fire(s.next(), start)) {
        break; // another node changed the row first; it carries on from there
      }
      counters.get(s.outcome()).increment();
      if (s.start() != null) {
        started++;
        LOG.info("Schedule '{}' started instance '{}' of '{}' (due {})", row.scheduleId(), s.start().instanceId(),
            def.orchestration(), s.start().dueAt());
      } else {
        LOG.info("Schedule '{}': due time {} {}", row.scheduleId(), row.nextDueAt(), s.outcome().tag());
      }
      row = store.schedules().get(row.taskHub(), row.scheduleId()).orElse(null);
    }
    return started;
  }

  private boolean lastRunning(ScheduleRecord row) {
    return row.lastInstanceId() != null
        && store.getInstance(row.taskHub(), row.lastInstanceId()).map(i -> !i.runtimeStatus().isTerminal()).orElse(false);
  }

  /** Stops the thread (waits for a pass in progress). */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t == null) {
      return;
    }
    store.removeCompletionListener(onCompletion);
    wake();
    try {
      t.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

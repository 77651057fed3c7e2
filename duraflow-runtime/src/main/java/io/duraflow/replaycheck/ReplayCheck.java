package io.duraflow.replaycheck;

import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.api.DataConverter;
import io.duraflow.api.NonDeterministicOrchestrationException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.history.HistoryEvent;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.replay.OrchestrationExecutor;
import io.duraflow.replay.OrchestrationSession;
import io.duraflow.replay.OrchestratorResult;
import io.duraflow.replay.StepDeadlineExceededException;
import io.duraflow.replaycheck.ReplayReport.Outcome;
import io.duraflow.replaycheck.ReplayReport.Result;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Replays the histories of a store's live instances (and a sample of finished ones) against the code of
 * a {@link TaskRegistry}, and reports every instance whose replay hits non-determinism: how a team checks
 * a deploy before it ships. Usable from a JUnit test:
 *
 * <pre>{@code
 * ReplayReport report = ReplayCheck.against(store, registry).run();
 * assertTrue(report.compatible(), report::toString);
 * }</pre>
 *
 * <p>Read-only: it reads instances and histories and writes nothing (opening the store is the caller's,
 * and migrates its schema); the code runs in the replay core
 * only, so no activity runs, no timer is created and no message is sent (what the code would schedule
 * next is discarded). An instance runs on the code of the version it started on, as on a worker. Not
 * thread-safe; a check is cheap to build, build one per run.
 */
public final class ReplayCheck {
  private static final Set<OrchestrationRuntimeStatus> LIVE = EnumSet.of(
      OrchestrationRuntimeStatus.PENDING, OrchestrationRuntimeStatus.RUNNING, OrchestrationRuntimeStatus.SUSPENDED);
  private static final Set<OrchestrationRuntimeStatus> FINISHED = EnumSet.of(
      OrchestrationRuntimeStatus.COMPLETED, OrchestrationRuntimeStatus.FAILED, OrchestrationRuntimeStatus.TERMINATED);
  private static final int PAGE = 500;

  private final OrchestrationStore store;
  private final TaskRegistry registry;
  private String taskHub = DuraflowEngine.DEFAULT_TASK_HUB;
  private String orchestration;
  private int includeCompleted;
  private DataConverter converter = new JacksonDataConverter();
  private Duration stepDeadline = Duration.ofSeconds(10);

  private ReplayCheck(OrchestrationStore store, TaskRegistry registry) {
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** A check of {@code store}'s histories against {@code registry}'s code, in the default task hub. */
  public static ReplayCheck against(OrchestrationStore store, TaskRegistry registry) {
    return new ReplayCheck(store, registry);
  }

  /** The task hub to read (default {@value DuraflowEngine#DEFAULT_TASK_HUB}). */
  public ReplayCheck taskHub(String value) {
    this.taskHub = Objects.requireNonNull(value, "taskHub");
    return this;
  }

  /** Only instances of orchestration {@code name} (null: all). */
  public ReplayCheck orchestration(String name) {
    this.orchestration = name;
    return this;
  }

  /**
   * Also replays the {@code n} most recently created finished (Completed, Failed, Terminated) instances:
   * their histories exercise paths live ones may not have reached yet. Default 0.
   */
  public ReplayCheck includeCompleted(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("includeCompleted must not be negative, was " + n);
    }
    this.includeCompleted = n;
    return this;
  }

  /** The converter the orchestrations use (default: the engine's Jackson converter). */
  public ReplayCheck converter(DataConverter value) {
    this.converter = Objects.requireNonNull(value, "converter");
    return this;
  }

  /** How long one replay may run before it is reported {@link Outcome#TIMED_OUT} (default 10 s). */
  public ReplayCheck stepDeadline(Duration value) {
    this.stepDeadline = Objects.requireNonNull(value, "stepDeadline");
    return this;
  }

  /** Runs the check. */
  public ReplayReport run() {
    List<Result> results = new ArrayList<>();
    try (OrchestrationExecutor executor = new OrchestrationExecutor(registry, converter)) {
      for (InstanceRecord instance : instances(LIVE, Integer.MAX_VALUE, false)) {
        results.add(replay(executor, instance));
      }
      if (includeCompleted > 0) {
        for (InstanceRecord instance : instances(FINISHED, includeCompleted, true)) {
          results.add(replay(executor, instance));
        }
      }
    }
    return new ReplayReport(results);
  }

  private List<InstanceRecord> instances(Set<OrchestrationRuntimeStatus> statuses, int max, boolean newestFirst) {
    List<InstanceRecord> found = new ArrayList<>();
    String token = null;
    do {
      InstanceQuery query = new InstanceQuery(statuses, null, null, null, Math.min(PAGE, Math.max(1, max - found.size())),
          token, orchestration, newestFirst);
      InstancePage page = store.queryInstances(taskHub, query);
      found.addAll(page.instances());
      token = page.continuationToken();
    } while (token != null && found.size() < max);
    return found.size() > max ? found.subList(0, max) : found;
  }

  private Result replay(OrchestrationExecutor executor, InstanceRecord instance) {
    String id = instance.instanceId();
    if (registry.orchestration(instance.name(), instance.version()).isEmpty()) {
      return result(instance, Outcome.CODE_MISSING, "this code has no orchestration '" + instance.name() + "'"
          + (instance.version() == null ? "" : " version '" + instance.version() + "'") + "; registered: "
          + registry.orchestrationClaimKeys(), 0);
    }
    List<HistoryEvent> history = store.getHistory(taskHub, id);
    if (history.isEmpty()) {
      return result(instance, Outcome.NOT_STARTED, "no history yet", 0);
    }
    OrchestratorResult step;
    try (OrchestrationSession session = executor.open(id, history)) {
      step = session.step(List.of(), stepDeadline);
    } catch (StepDeadlineExceededException e) {
      return result(instance, Outcome.TIMED_OUT, e.getMessage(), history.size());
    }
    for (OrchestratorAction action : step.actions()) {
      if (action instanceof CompleteOrchestration co && co.failureDetails() != null
          && NonDeterministicOrchestrationException.class.getName().equals(co.failureDetails().errorType())) {
        return result(instance, Outcome.NON_DETERMINISTIC, co.failureDetails().errorMessage(), history.size());
      }
    }
    return result(instance, Outcome.COMPATIBLE, null, history.size());
  }

  private static Result result(InstanceRecord instance, Outcome outcome, String detail, int events) {
    return new Result(instance.instanceId(), instance.name(), instance.version(), instance.runtimeStatus(), outcome,
        detail, events);
  }
}

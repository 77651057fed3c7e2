package io.duraflow.worker;

import io.duraflow.action.CompleteOrchestration;
import io.duraflow.api.DataConverter;
import io.duraflow.api.DuraflowException;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.OrchestrationVersion;
import io.duraflow.history.ExecutionRewound;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.ExecutionTerminated;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.SubOrchestrationInstanceCreated;
import io.duraflow.history.TimerCreated;
import io.duraflow.history.TimerFired;
import io.duraflow.replay.OrchestrationExecutor;
import io.duraflow.replay.OrchestrationSession;
import io.duraflow.replay.OrchestratorResult;
import io.duraflow.replay.RewindPlan;
import io.duraflow.store.ActivityLease;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.InboxMessage;
import io.duraflow.store.InstanceLease;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.InstanceUpdate;
import io.duraflow.store.NewActivity;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.OutboundMessage;
import io.duraflow.store.StepCommitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs one orchestration step: feeds the step's new events to the instance's session, has the
 * {@link StepPlanner} turn the outcome into one commit, decides which leases the commit takes for this
 * worker, and applies it with one store call.
 *
 * <p>Crash safety: nothing is visible until the store call succeeds, and the commit is version-checked
 * against the lease. A crash before it leaves messages in the inbox (or activity results unrecorded, to be
 * run again) and the lease expires; the next claimant replays history and produces the same actions.
 */
final class OrchestrationStepRunner {
  private final OrchestrationStore store;
  private final OrchestrationExecutor executor;
  private final SessionCache cache;
  private final Clock clock;
  private final StepPlanner planner = new StepPlanner(OrchestrationStepRunner::newExecutionId);
  private final ActivitySlots slots;
  private final WorkerOptions options;
  /** The activities this worker has code for: the only ones a commit may lease to it (immutable). */
  private final Set<String> activityNames;
  /** The orchestrations it has code for (immutable); others it only terminates. */
  private final Set<String> orchestrationNames;
  private final DataConverter converter;
  private final WorkerMetrics metrics;
  private final StepTracing tracing;

  OrchestrationStepRunner(OrchestrationStore store, OrchestrationExecutor executor, SessionCache cache, Clock clock,
      ActivitySlots slots, WorkerOptions options, Set<String> orchestrationNames, Set<String> activityNames,
      DataConverter converter, WorkerMetrics metrics, StepTracing tracing) {
    this.metrics = metrics;
    this.tracing = tracing;
    this.activityNames = activityNames;
    this.orchestrationNames = orchestrationNames;
    this.converter = converter;
    this.store = store;
    this.executor = executor;
    this.cache = cache;
    this.clock = clock;
    this.slots = slots;
    this.options = options;
  }

  /** Steps a claimed work item: its inbox messages are the new events. Throws what the store throws. */
  StepCommitResult runClaimed(OrchestrationWorkItem item) {
    InstanceRecord instance = item.instance();
    if (instance.runtimeStatus().isTerminal()) {
      runTerminal(item);
      return StepCommitResult.released(List.of());
    }
    List<HistoryEvent> events = new ArrayList<>();
    boolean starts = false;
    for (InboxMessage m : item.messages()) {
      if (m.event() instanceof ExecutionStarted es) {
        if (instance.historySize() == 0 && es.executionId().equals(instance.executionId()) && !starts) {
          events.add(0, es); // the start comes first whatever else arrived before it
          starts = true;
        }
      } else if (m.executionId() == null || m.executionId().equals(instance.executionId())) {
        events.add(m.event());
      }
    }
    if (instance.historySize() == 0 && !starts) {
      // Messages for an instance that has not started yet (scheduled start): keep them until it does.
      Instant startAt = instance.scheduledStartAt();
      Duration wait = startAt == null ? Duration.ofSeconds(1) : Duration.between(clock.instant(), startAt);
      store.abandon(item, wait.isNegative() ? Duration.ofMillis(100) : wait);
      return StepCommitResult.released(List.of());
    }
    if (events.isEmpty()) {
      // Only stale messages (results for an earlier execution): drop them without a step.
      return commit(StepPlanner.dropMessages(item));
    }
    if (!orchestrationNames.contains(OrchestrationVersion.claimKey(instance.name(), instance.version()))) {
      // Claimed without the code only to be terminated (see the store's claim filter): no replay needed.
      ExecutionTerminated terminate = (ExecutionTerminated) events.stream()
          .filter(ExecutionTerminated.class::isInstance).findFirst().orElse(null);
      if (terminate == null) {
        store.abandon(item, Duration.ofSeconds(1)); // the request went away meanwhile; leave it for its code
        return StepCommitResult.released(List.of());
      }
      endWithoutCode(item, OrchestrationRuntimeStatus.TERMINATED, converter.serialize(terminate.reason()), null,
          terminate);
      return StepCommitResult.released(List.of());
    }
    return step(item, events, List.of(), 0, this::commit);
  }

  /**
   * Steps an instance this worker holds with the results of activities it ran here; they are recorded in
   * the same commit that applies the step.
   *
   * @param stillRunning how many other activities of the hold are still running here
   */
  StepCommitResult runHeld(OrchestrationWorkItem held, List<InstanceHold.Result> results, int stillRunning) {
    List<HistoryEvent> events = new ArrayList<>(results.size());
    List<ActivityWorkItem> consumed = new ArrayList<>(results.size());
    for (InstanceHold.Result r : results) {
      events.add(r.event());
      consumed.add(r.item());
    }
    return step(held, events, consumed, stillRunning, this::commit);
  }

  /**
   * Creates the instance and commits its first step in one transaction, keeping it leased here when its
   * first tasks are activities this worker can run: no claim, no inbox round trip.
   */
  StepCommitResult start(NewInstance request) {
    ExecutionStarted started = request.started();
    Instant now = clock.instant();
    InstanceRecord pending = new InstanceRecord(request.taskHub(), request.instanceId(), started.name(),
        started.executionId(), OrchestrationRuntimeStatus.PENDING, started.input(), null, null, null, now, now, null,
        started.parent(), 0, started.version());
    OrchestrationWorkItem item = new OrchestrationWorkItem(pending, 0, List.of());
    try (LogContext ignored = LogContext.step(item)) { // runs on the starter's thread, not a worker's
      return step(item, List.of(started), List.of(), 0,
          commit -> metrics.commit(commit, 1, () -> store.createInstance(request, commit)));
    }
  }

  private StepCommitResult step(OrchestrationWorkItem item, List<HistoryEvent> events, List<ActivityWorkItem> consumed,
      int stillRunning, Function<OrchestrationStepCommit, StepCommitResult> apply) {
    InstanceRecord instance = item.instance();
    String key = SessionCache.key(item.taskHub(), item.instanceId());
    OrchestrationSession session = cache.take(key);
    if (session != null && (session.historySize() != instance.historySize()
        || !instance.executionId().equals(session.executionId()))) {
      session.close(); // stale: another node or an earlier failed commit moved the instance on
      session = null;
    }
    metrics.sessionLookup(session != null);
    List<HistoryEvent> past = List.of();
    if (session == null) {
      past = instance.historySize() == 0 ? List.of()
          : store.loadHistory(item.taskHub(), item.instanceId(), instance.executionId(), 0);
      session = executor.open(item.instanceId(), past);
    }
    StepTracing.Step span = tracing.start(item, StepTracing.parentOf(session, events, past), past.size(), events.size() + 1);
    boolean keep = false;
    int reserved = 0;
    try {
      Instant now = clock.instant();
      List<HistoryEvent> newEvents = new ArrayList<>(events.size() + 1);
      newEvents.add(new OrchestratorStarted(now));
      newEvents.addAll(events);
      OrchestratorResult result = session.step(newEvents, options.stepDeadline());
      OrchestrationStepCommit plan = planner.plan(item, newEvents, result, now, span.context());
      int wanted = plan.activities().size();
      int runnable = (int) plan.activities().stream().filter(a -> a.leasableWithStep() && activityNames.contains(a.name())).count();
      // The step's activities go to this worker when it has room and their code (no claim round trip); the
      // rest to anyone. An activity this worker lacks keeps the instance from being held.
      reserved = slots.tryReserve(runnable);
      // Keep the lease only while everything the code waits for runs here: then no message can be missed
      // but external ones (events, management requests), which the commit and lease renewal report.
      boolean hold = options.fastPath() && reserved == wanted && !result.endsExecution()
          && result.openTasks() > 0 && result.openTasks() == stillRunning + wanted;
      OrchestrationStepCommit commit = plan.withLeases(
          reserved == 0 ? null : new ActivityLease(options.workerId(), options.activityLease(), reserved, activityNames),
          hold ? new InstanceLease(options.workerId(), options.orchestrationLease()) : null, consumed);
      StepCommitResult applied = apply.apply(commit);
      span.committed(commit);
      slots.release(reserved - applied.leasedActivities().size());
      reserved = 0;
      session.addHistorySize(commit.history().size());
      keep = !result.endsExecution() && !session.isFinished();
      return applied;
    } catch (RuntimeException | Error e) {
      span.failed(e);
      throw e;
    } finally {
      span.end();
      slots.release(reserved); // the commit failed: nothing was leased
      if (keep) {
        cache.put(key, session);
      } else {
        session.close();
      }
    }
  }

  /**
   * Ends the instance as Failed after its steps kept failing outside the orchestration code (or ran past
   * their deadline), consuming the claimed messages; a parent is told as usual.
   */
  void failInstance(OrchestrationWorkItem item, Throwable cause, String why) {
    failInstance(item, cause instanceof DuraflowException de && why == null ? FailureDetails.of(de)
        : FailureDetails.of(new DuraflowException(why + ": " + cause.getMessage(), cause)));
  }

  /**
   * Ends the instance as Failed with {@code details} without running its code (which this worker may not
   * have). An instance that never started records its ExecutionStarted first, so its history says what
   * was asked for.
   */
  void failInstance(OrchestrationWorkItem item, FailureDetails details) {
    endWithoutCode(item, OrchestrationRuntimeStatus.FAILED, null, details, null);
  }

  /** Ends the instance with {@code status} without its code; {@code cause} (if any) is recorded in history. */
  private void endWithoutCode(OrchestrationWorkItem item, OrchestrationRuntimeStatus status, String output,
      FailureDetails details, HistoryEvent cause) {
    cache.discard(SessionCache.key(item.taskHub(), item.instanceId()));
    Instant now = clock.instant();
    OrchestratorResult ended = new OrchestratorResult(
        List.of(new CompleteOrchestration(-1, status, output, details)), item.instance().customStatus(), false);
    List<HistoryEvent> events = new ArrayList<>();
    events.add(new OrchestratorStarted(now));
    if (item.instance().historySize() == 0) {
      item.messages().stream().map(InboxMessage::event).filter(ExecutionStarted.class::isInstance).findFirst()
          .ifPresent(events::add);
    }
    if (cause != null) {
      events.add(cause);
    }
    commit(planner.plan(item, events, ended, now));
  }

  static String newExecutionId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * A terminal instance only reacts to rewind (when Failed); anything else in its inbox arrived too late
   * and is dropped.
   */
  private void runTerminal(OrchestrationWorkItem item) {
    InstanceRecord instance = item.instance();
    boolean rewind = instance.runtimeStatus() == OrchestrationRuntimeStatus.FAILED
        && item.messages().stream().anyMatch(m -> m.event() instanceof ExecutionRewound);
    if (!rewind) {
      commit(StepPlanner.dropMessages(item));
      return;
    }
    cache.discard(SessionCache.key(item.taskHub(), item.instanceId())); // the rewound history replaces it
    Instant now = clock.instant();
    String hub = item.taskHub();
    String id = item.instanceId();
    String executionId = instance.executionId();
    List<HistoryEvent> rewound = store.loadHistory(hub, id, executionId, 0);
    RewindPlan plan = RewindPlan.of(rewound);
    List<OutboundMessage> messages = new ArrayList<>();
    for (HistoryEvent e : plan.redeliver()) {
      messages.add(new OutboundMessage(hub, id, executionId, e, now));
    }
    for (TimerCreated t : plan.rearmTimers()) {
      messages.add(new OutboundMessage(hub, id, executionId, new TimerFired(t.fireAt(), t.taskId(), t.fireAt()), t.fireAt()));
    }
    for (SubOrchestrationInstanceCreated child : plan.rewindSubOrchestrations()) {
      messages.add(new OutboundMessage(hub, child.instanceId(), null, new ExecutionRewound(now, "parent rewound"), now));
    }
    // The rewind request itself triggers the next step, which replays up to the cut; it keeps the
    // requester's reason, so the history says why.
    String reason = item.messages().stream().map(InboxMessage::event).filter(ExecutionRewound.class::isInstance)
        .map(e -> ((ExecutionRewound) e).reason()).filter(r -> r != null && !r.isBlank()).findFirst().orElse("rewound");
    messages.add(new OutboundMessage(hub, id, executionId, new ExecutionRewound(now, reason), now));
    List<NewActivity> activities = plan.rescheduleActivities().stream()
        .map(ts -> new NewActivity(ts.taskId(), ts.name(), ts.input(), StepTracing.parentOf(rewound))).toList();
    InstanceUpdate running = new InstanceUpdate(OrchestrationRuntimeStatus.RUNNING, instance.name(), executionId,
        instance.input(), null, instance.customStatus(), null);
    commit(new OrchestrationStepCommit(item, true, plan.history(), running, activities, messages, List.of()));
  }

  /** Every commit of a step goes through here, to be timed and counted. */
  private StepCommitResult commit(OrchestrationStepCommit commit) {
    return metrics.commit(commit, 0, () -> store.commit(commit));
  }
}

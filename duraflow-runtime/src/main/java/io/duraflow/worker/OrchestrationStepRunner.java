package io.duraflow.worker;

import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.ContinueAsNew;
import io.duraflow.action.CreateSubOrchestration;
import io.duraflow.action.CreateTimer;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.action.ScheduleTask;
import io.duraflow.api.DuraflowException;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.ExecutionRewound;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.SubOrchestrationInstanceCompleted;
import io.duraflow.history.SubOrchestrationInstanceCreated;
import io.duraflow.history.SubOrchestrationInstanceFailed;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerCreated;
import io.duraflow.history.TimerFired;
import io.duraflow.replay.OrchestrationExecutor;
import io.duraflow.replay.OrchestrationSession;
import io.duraflow.replay.OrchestratorResult;
import io.duraflow.replay.RewindPlan;
import io.duraflow.store.ActivityLease;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.InboxMessage;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.InstanceUpdate;
import io.duraflow.store.NewActivity;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.OutboundMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns one claimed orchestration work item into one store commit: feeds the inbox messages to the
 * instance's orchestration session and translates the resulting actions into history events and
 * outgoing work.
 *
 * <p>Crash safety: nothing is visible until {@link OrchestrationStore#commit} succeeds, and the commit is
 * version-checked against the claim. A crash before it leaves the messages in the inbox and the lease
 * expires; the next claimant replays history and produces the same actions.
 */
final class OrchestrationStepRunner {
  private final OrchestrationStore store;
  private final OrchestrationExecutor executor;
  private final SessionCache cache;
  private final Clock clock;
  private final Supplier<ActivityLease> activityLease;
  private final Consumer<List<ActivityWorkItem>> leasedActivities;

  /**
   * @param activityLease how many of a step's activities this worker can run at once (null for none)
   * @param leasedActivities receives the activities a commit leased to this worker
   */
  OrchestrationStepRunner(OrchestrationStore store, OrchestrationExecutor executor, SessionCache cache, Clock clock,
      Supplier<ActivityLease> activityLease, Consumer<List<ActivityWorkItem>> leasedActivities) {
    this.store = store;
    this.executor = executor;
    this.cache = cache;
    this.clock = clock;
    this.activityLease = activityLease;
    this.leasedActivities = leasedActivities;
  }

  /** Processes {@code item}; returns normally once committed or abandoned. Throws what the store throws. */
  void run(OrchestrationWorkItem item) {
    InstanceRecord instance = item.instance();
    if (instance.runtimeStatus().isTerminal()) {
      runTerminal(item);
      return;
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
      return;
    }
    if (events.isEmpty()) {
      // Only stale messages (results for an earlier execution): drop them without a step.
      store.commit(new OrchestrationStepCommit(item, false, List.of(), unchanged(instance), List.of(), List.of(), List.of()));
      return;
    }
    String key = SessionCache.key(item.taskHub(), item.instanceId());
    OrchestrationSession session = cache.take(key);
    if (session != null && (session.historySize() != instance.historySize()
        || !instance.executionId().equals(session.executionId()))) {
      session.close(); // stale: another node or an earlier failed commit moved the instance on
      session = null;
    }
    if (session == null) {
      List<HistoryEvent> past = instance.historySize() == 0 ? List.of()
          : store.loadHistory(item.taskHub(), item.instanceId(), instance.executionId(), 0);
      session = executor.open(item.instanceId(), past);
    }
    boolean keep = false;
    try {
      Instant now = clock.instant();
      List<HistoryEvent> newEvents = new ArrayList<>(events.size() + 1);
      newEvents.add(new OrchestratorStarted(now));
      newEvents.addAll(events);
      OrchestratorResult result = session.step(newEvents);
      OrchestrationStepCommit commit = translate(item, newEvents, result, now);
      List<ActivityWorkItem> leased = store.commit(commit);
      session.addHistorySize(commit.history().size());
      if (!leased.isEmpty()) {
        leasedActivities.accept(leased);
      }
      keep = !result.endsExecution() && !session.isFinished();
    } finally {
      if (keep) {
        cache.put(key, session);
      } else {
        session.close();
      }
    }
  }

  /**
   * Ends the instance as Failed after its steps kept failing outside the orchestration code, consuming
   * the claimed messages; a parent is told as usual.
   */
  void failInstance(OrchestrationWorkItem item, Throwable cause, int attempts) {
    cache.discard(SessionCache.key(item.taskHub(), item.instanceId()));
    Instant now = clock.instant();
    FailureDetails details = FailureDetails.of(new DuraflowException("Gave up on instance '" + item.instanceId()
        + "' after " + attempts + " failed attempts to run its next step: " + cause, cause));
    OrchestratorResult failed = new OrchestratorResult(
        List.of(new CompleteOrchestration(-1, OrchestrationRuntimeStatus.FAILED, null, details)),
        item.instance().customStatus(), false);
    List<HistoryEvent> started = List.of(new OrchestratorStarted(now));
    store.commit(translate(item, started, failed, now));
  }

  private OrchestrationStepCommit translate(OrchestrationWorkItem item, List<HistoryEvent> newEvents,
      OrchestratorResult result, Instant now) {
    InstanceRecord instance = item.instance();
    String hub = item.taskHub();
    String id = item.instanceId();
    String executionId = instance.executionId();
    ExecutionStarted started = findStarted(newEvents);
    String name = started != null ? started.name() : instance.name();
    String input = started != null ? started.input() : instance.input();
    ExecutionStarted.ParentInstance parent = started != null ? started.parent() : null;
    if (parent == null && instance.parentInstanceId() != null && result.endsExecution()) {
      parent = parentFromHistory(item); // only needed to report the result, so only read then
    }

    List<HistoryEvent> history = new ArrayList<>(newEvents);
    List<NewActivity> activities = new ArrayList<>();
    List<OutboundMessage> messages = new ArrayList<>();
    List<NewInstance> children = new ArrayList<>();
    OrchestrationRuntimeStatus status = result.suspended() ? OrchestrationRuntimeStatus.SUSPENDED : OrchestrationRuntimeStatus.RUNNING;
    String output = null;
    FailureDetails failure = null;
    boolean replaceHistory = false;

    for (OrchestratorAction action : result.actions()) {
      if (action instanceof ScheduleTask st) {
        history.add(new TaskScheduled(now, st.id(), st.name(), st.input()));
        activities.add(new NewActivity(st.id(), st.name(), st.input()));
      } else if (action instanceof CreateTimer ct) {
        history.add(new TimerCreated(now, ct.id(), ct.fireAt()));
        messages.add(new OutboundMessage(hub, id, executionId, new TimerFired(ct.fireAt(), ct.id(), ct.fireAt()), ct.fireAt()));
      } else if (action instanceof CreateSubOrchestration cs) {
        history.add(new SubOrchestrationInstanceCreated(now, cs.id(), cs.name(), cs.instanceId(), cs.input()));
        InstanceRecord existing = store.getInstance(hub, cs.instanceId()).orElse(null);
        if (existing != null && !existing.runtimeStatus().isTerminal()) {
          // The store would leave a running instance alone and the parent would wait forever: fail the task.
          messages.add(new OutboundMessage(hub, id, executionId, new SubOrchestrationInstanceFailed(now, cs.id(),
              new FailureDetails(InstanceAlreadyExistsException.class.getName(),
                  new InstanceAlreadyExistsException(cs.instanceId(), existing.runtimeStatus()).getMessage())), now));
        } else {
          ExecutionStarted childStart = new ExecutionStarted(now, cs.name(), cs.input(), newExecutionId(),
              new ExecutionStarted.ParentInstance(hub, id, executionId, cs.id()), null);
          children.add(new NewInstance(hub, cs.instanceId(), childStart));
        }
      } else if (action instanceof CompleteOrchestration co) {
        status = co.status();
        output = co.result();
        failure = co.failureDetails();
        history.add(new ExecutionCompleted(now, co.status(), co.result(), co.failureDetails()));
        if (parent != null) {
          messages.add(resultToParent(parent, co, now));
        }
      } else if (action instanceof ContinueAsNew can) {
        status = OrchestrationRuntimeStatus.CONTINUED_AS_NEW;
        replaceHistory = true;
        history.clear();
        String nextExecution = newExecutionId();
        messages.add(new OutboundMessage(hub, id, null,
            new ExecutionStarted(now, name, can.newInput(), nextExecution, parent, null), now));
        for (HistoryEvent carried : can.carryoverEvents()) {
          messages.add(new OutboundMessage(hub, id, null, carried, now));
        }
        executionId = nextExecution;
        input = can.newInput();
      }
    }
    InstanceUpdate update = new InstanceUpdate(status, name, executionId, input, output, result.customStatus(), failure);
    // Activities this worker has room for are leased to it in the same transaction: no claim round trip.
    ActivityLease lease = activities.isEmpty() ? null : activityLease.get();
    return new OrchestrationStepCommit(item, replaceHistory, history, update, activities, messages, children, lease);
  }

  private static OutboundMessage resultToParent(ExecutionStarted.ParentInstance parent, CompleteOrchestration co, Instant now) {
    HistoryEvent event;
    if (co.status() == OrchestrationRuntimeStatus.COMPLETED) {
      event = new SubOrchestrationInstanceCompleted(now, parent.taskId(), co.result());
    } else if (co.status() == OrchestrationRuntimeStatus.FAILED) {
      event = new SubOrchestrationInstanceFailed(now, parent.taskId(), co.failureDetails());
    } else {
      event = new SubOrchestrationInstanceFailed(now, parent.taskId(),
          new FailureDetails("Terminated", "Sub-orchestration was terminated: " + co.result()));
    }
    return new OutboundMessage(parent.taskHub(), parent.instanceId(), parent.executionId(), event, now);
  }

  private ExecutionStarted.ParentInstance parentFromHistory(OrchestrationWorkItem item) {
    List<HistoryEvent> first = store.loadHistory(item.taskHub(), item.instanceId(), item.instance().executionId(), 0);
    ExecutionStarted es = findStarted(first);
    return es == null ? null : es.parent();
  }

  private static ExecutionStarted findStarted(List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      if (e instanceof ExecutionStarted es) {
        return es;
      }
    }
    return null;
  }

  private static InstanceUpdate unchanged(InstanceRecord instance) {
    return new InstanceUpdate(instance.runtimeStatus(), instance.name(), instance.executionId(),
        instance.input(), instance.output(), instance.customStatus(), instance.failureDetails());
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
      store.commit(new OrchestrationStepCommit(item, false, List.of(), unchanged(instance), List.of(), List.of(), List.of()));
      return;
    }
    cache.discard(SessionCache.key(item.taskHub(), item.instanceId())); // the rewound history replaces it
    Instant now = clock.instant();
    String hub = item.taskHub();
    String id = item.instanceId();
    String executionId = instance.executionId();
    RewindPlan plan = RewindPlan.of(store.loadHistory(hub, id, executionId, 0));
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
    // The rewind request itself triggers the next step, which replays up to the cut.
    messages.add(new OutboundMessage(hub, id, executionId, new ExecutionRewound(now, "rewound"), now));
    List<NewActivity> activities = plan.rescheduleActivities().stream()
        .map(ts -> new NewActivity(ts.taskId(), ts.name(), ts.input())).toList();
    InstanceUpdate running = new InstanceUpdate(OrchestrationRuntimeStatus.RUNNING, instance.name(), executionId,
        instance.input(), null, instance.customStatus(), null);
    store.commit(new OrchestrationStepCommit(item, true, plan.history(), running, activities, messages, List.of()));
  }
}

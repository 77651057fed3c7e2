package io.duraflow.worker;

import io.duraflow.action.ApplyPatch;
import io.duraflow.action.CancelTask;
import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.ContinueAsNew;
import io.duraflow.action.CreateSubOrchestration;
import io.duraflow.action.CreateTimer;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.action.ScheduleTask;
import io.duraflow.action.SendEntityMessage;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.PatchApplied;
import io.duraflow.history.SubOrchestrationInstanceCompleted;
import io.duraflow.history.SubOrchestrationInstanceCreated;
import io.duraflow.history.SubOrchestrationInstanceFailed;
import io.duraflow.history.TaskCancellationRequested;
import io.duraflow.history.TaskScheduled;
import io.duraflow.history.TimerCreated;
import io.duraflow.history.TimerFired;
import io.duraflow.history.TraceContext;
import io.duraflow.replay.OrchestratorResult;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.InstanceUpdate;
import io.duraflow.store.NewActivity;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.OutboundMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The pure half of a step: turns (instance snapshot, the step's new events, what the orchestration code
 * decided) into the one value the store applies in one transaction. No store reads: everything it needs
 * is in the snapshot (the parent's address is on the instance row), and rules that span instances (a child
 * id held by a running instance) are the store's to enforce inside the same transaction.
 */
final class StepPlanner {
  private final Supplier<String> executionIds;

  /** @param executionIds new execution ids (for sub-orchestrations and continue-as-new) */
  StepPlanner(Supplier<String> executionIds) {
    this.executionIds = Objects.requireNonNull(executionIds, "executionIds");
  }

  /**
   * The commit of one step: {@code newEvents} (starting with the step's {@code OrchestratorStarted}) and
   * the events derived from {@code result}'s actions become history; activities, timers, messages and
   * children become outgoing work. The plan leases nothing; the worker adds leases it can honour.
   */
  OrchestrationStepCommit plan(OrchestrationWorkItem item, List<HistoryEvent> newEvents, OrchestratorResult result,
      Instant now) {
    return plan(item, newEvents, result, now, null);
  }

  /**
   * Like {@link #plan(OrchestrationWorkItem, List, OrchestratorResult, Instant)}, with the trace context of
   * the step's span: what its activities, children and next execution record as their parent.
   */
  OrchestrationStepCommit plan(OrchestrationWorkItem item, List<HistoryEvent> newEvents, OrchestratorResult result,
      Instant now, TraceContext stepTrace) {
    InstanceRecord instance = item.instance();
    String hub = item.taskHub();
    String id = item.instanceId();
    String executionId = instance.executionId();
    ExecutionStarted started = findStarted(newEvents);
    String name = started != null ? started.name() : instance.name();
    String input = started != null ? started.input() : instance.input();
    ExecutionStarted.ParentInstance parent = started != null ? started.parent() : instance.parent();
    String version = started != null ? started.version() : instance.version(); // continue-as-new keeps it

    List<HistoryEvent> history = new ArrayList<>(newEvents);
    List<NewActivity> activities = new ArrayList<>();
    List<OutboundMessage> messages = new ArrayList<>();
    List<NewInstance> children = new ArrayList<>();
    OrchestrationRuntimeStatus status = result.suspended() ? OrchestrationRuntimeStatus.SUSPENDED : OrchestrationRuntimeStatus.RUNNING;
    String output = null;
    FailureDetails failure = null;
    boolean replaceHistory = false;
    String newVersion = null; // set only when continue-as-new moves the instance to another version

    for (OrchestratorAction action : result.actions()) {
      if (action instanceof ScheduleTask st) {
        history.add(new TaskScheduled(now, st.id(), st.name(), st.input()));
        activities.add(new NewActivity(st.id(), st.name(), st.input(), stepTrace, st.timeouts(), st.heartbeatDetails(),
            st.queue(), st.priority()));
      } else if (action instanceof CancelTask ct) {
        history.add(new TaskCancellationRequested(now, ct.id(), ct.targetTaskId())); // the store cancels the attempt
      } else if (action instanceof CreateTimer ct) {
        history.add(new TimerCreated(now, ct.id(), ct.fireAt()));
        messages.add(new OutboundMessage(hub, id, executionId, new TimerFired(ct.fireAt(), ct.id(), ct.fireAt()), ct.fireAt()));
      } else if (action instanceof CreateSubOrchestration cs) {
        history.add(new SubOrchestrationInstanceCreated(now, cs.id(), cs.name(), cs.instanceId(), cs.input()));
        ExecutionStarted childStart = new ExecutionStarted(now, cs.name(), cs.input(), executionIds.get(),
            new ExecutionStarted.ParentInstance(hub, id, executionId, cs.id()), null, stepTrace, cs.version());
        children.add(new NewInstance(hub, cs.instanceId(), childStart, null, true, null, cs.queue(), cs.priority()));
      } else if (action instanceof SendEntityMessage sem) {
        // The message is its own history record, so replay can compare what the code sends again.
        history.add(sem.message());
        messages.add(new OutboundMessage(hub, sem.targetInstanceId(), null, sem.message(),
            sem.visibleAt() != null ? sem.visibleAt() : now));
      } else if (action instanceof CompleteOrchestration co) {
        status = co.status();
        output = co.result();
        failure = co.failureDetails();
        history.add(new ExecutionCompleted(now, co.status(), co.result(), co.failureDetails()));
        if (parent != null) {
          messages.add(resultToParent(parent, co, now));
        }
      } else if (action instanceof ApplyPatch patch) {
        history.add(new PatchApplied(now, patch.patchId()));
      } else if (action instanceof ContinueAsNew can) {
        status = OrchestrationRuntimeStatus.CONTINUED_AS_NEW;
        replaceHistory = true;
        history.clear();
        String nextExecution = executionIds.get();
        messages.add(new OutboundMessage(hub, id, null,
            new ExecutionStarted(now, name, can.newInput(), nextExecution, parent, null, stepTrace,
                can.version() != null ? can.version() : version), now));
        newVersion = can.version();
        for (HistoryEvent carried : can.carryoverEvents()) {
          messages.add(new OutboundMessage(hub, id, null, carried, now));
        }
        executionId = nextExecution;
        input = can.newInput();
      }
    }
    InstanceUpdate update = new InstanceUpdate(status, name, executionId, input, output, result.customStatus(), failure,
        newVersion, result.tags());
    return new OrchestrationStepCommit(item, replaceHistory, history, update, activities, messages, children);
  }

  /** What a finished child tells its parent. */
  static OutboundMessage resultToParent(ExecutionStarted.ParentInstance parent, CompleteOrchestration co, Instant now) {
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

  /** A commit that consumes the item's messages and changes nothing else. */
  static OrchestrationStepCommit dropMessages(OrchestrationWorkItem item) {
    InstanceRecord instance = item.instance();
    InstanceUpdate unchanged = new InstanceUpdate(instance.runtimeStatus(), instance.name(), instance.executionId(),
        instance.input(), instance.output(), instance.customStatus(), instance.failureDetails());
    return new OrchestrationStepCommit(item, false, List.of(), unchanged, List.of(), List.of(), List.of());
  }

  private static ExecutionStarted findStarted(List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      if (e instanceof ExecutionStarted es) {
        return es;
      }
    }
    return null;
  }
}

package io.duraflow.replay;

import io.duraflow.action.AttemptTimeouts;
import io.duraflow.action.CancelTask;
import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.ContinueAsNew;
import io.duraflow.action.CreateSubOrchestration;
import io.duraflow.action.CreateTimer;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.action.ScheduleTask;
import io.duraflow.api.ActivityOptions;
import io.duraflow.api.CompositeTaskFailedException;
import io.duraflow.api.DataConverter;
import io.duraflow.api.EntityInstanceId;
import io.duraflow.api.EntityLock;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.NonDeterministicOrchestrationException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.OrchestrationVersion;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.Task;
import io.duraflow.api.TaskCanceledException;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskOrchestration;
import io.duraflow.api.TaskOrchestrationContext;
import io.duraflow.api.SubOrchestrationOptions;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.EventRaised;
import io.duraflow.history.ExecutionResumed;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.ExecutionSuspended;
import io.duraflow.history.ExecutionTerminated;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.SubOrchestrationInstanceCompleted;
import io.duraflow.history.SubOrchestrationInstanceFailed;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.history.TimerFired;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The orchestration's view of its history, running on the orchestration thread.
 *
 * <p>Design note: code pulls events. {@code await()} on an unfinished task calls {@link #processNextEvent},
 * which takes the next event from the session (waiting for the next step when there is none) and applies
 * it: scheduling events from history are matched against the actions replayed code produced (a mismatch
 * is non-determinism), completion events complete open tasks, whose callbacks may schedule more (retries,
 * timeouts). Actions that no history event matched are new and are returned at the end of the step.
 */
final class ReplayContext implements TaskOrchestrationContext {
  private final String instanceId;
  private final TaskRegistry registry;
  private final DataConverter converter;
  private OrchestrationSession session;
  private long pastCount;
  private long consumedCount;

  private String name;
  private String rawInput;
  private String executionId;
  /** The start of the running execution; volatile: set on the code thread, read by the stepping thread. */
  private volatile ExecutionStarted started;
  private Instant currentInstant = Instant.EPOCH;
  private int nextTaskId;
  private int uuidCounter;
  private final TreeMap<Integer, OrchestratorAction> pendingActions = new TreeMap<>();
  private final Map<Integer, OpenTask> openTasks = new HashMap<>();
  private VirtualMachineError vmError;
  private final Map<String, ArrayDeque<EventWaiter>> eventWaiters = new HashMap<>();
  private final Map<String, ArrayDeque<EventRaised>> receivedEvents = new HashMap<>();
  private final List<HistoryEvent> deferredWhileSuspended = new ArrayList<>();
  private boolean suspended;
  private String customStatus;
  private final StepTags tags = new StepTags();
  private String continueAsNewInput;
  private boolean continueAsNewRequested;
  private String continueAsNewVersion;
  private OrchestratorAction outcome;
  private boolean outcomeReported;
  private final Patches patches = new Patches();
  private final EntityCalls entities = new EntityCalls(this);

  private record OpenTask(String name, Consumer<String> onResult, Consumer<RuntimeException> onFailure) {}

  private record EventWaiter(ReplayTask<Object> task, Class<?> type) {}

  ReplayContext(String instanceId, TaskRegistry registry, DataConverter converter) {
    this.instanceId = instanceId;
    this.registry = registry;
    this.converter = converter;
  }

  void attach(OrchestrationSession session, List<HistoryEvent> past) {
    this.session = session;
    this.pastCount = past.size();
    patches.scan(past);
  }

  // ---------------------------------------------------------------- thread body

  void run() {
    try {
      awaitExecutionStarted();
      TaskOrchestration orchestration = registry.orchestration(name, started.version()).orElse(null);
      if (orchestration == null) { // workers claim only what they have code for: this is a direct executor use
        finish(OrchestrationRuntimeStatus.FAILED, null, new FailureDetails(
            IllegalStateException.class.getName(),
            "No orchestration named '" + name + "'" + (started.version() == null ? "" : " version '" + started.version() + "'")
                + " is registered on this worker; registered: " + registry.orchestrationClaimKeys()));
      } else {
        Object output = orchestration.run(this);
        if (outcome == null) {
          if (continueAsNewRequested) {
            // Events of this step that the code did not get to are carried over too.
            checkRemainingHistory();
            if (outcome == null) {
              entities.releaseAtEnd();
              outcome = new ContinueAsNew(nextTaskId++, continueAsNewInput, carryoverEvents(), continueAsNewVersion);
            }
            return;
          }
          finish(OrchestrationRuntimeStatus.COMPLETED, converter.serialize(output), null);
        }
      }
    } catch (UnwindSignal signal) {
      // The outcome was set by whoever unwound the code, or the session was closed.
    } catch (VirtualMachineError e) {
      if (e instanceof StackOverflowError) { // unbounded recursion in the code: the instance's own failure
        if (outcome == null) {
          finish(OrchestrationRuntimeStatus.FAILED, null, FailureDetails.of(e));
        }
      } else {
        vmError = e; // out of memory and the like are this process's trouble, not the instance's fate
        return;
      }
    } catch (Throwable t) {
      if (outcome == null) {
        finish(OrchestrationRuntimeStatus.FAILED, null, FailureDetails.of(t));
      }
    }
    if (outcome != null) {
      checkRemainingHistory();
    }
  }

  private void awaitExecutionStarted() {
    while (true) {
      HistoryEvent e = take();
      if (e instanceof ExecutionStarted es) {
        started = es;
        name = es.name();
        rawInput = es.input();
        executionId = es.executionId();
        return;
      }
      apply(e);
    }
  }

  /**
   * After the code has ended, past scheduling events that it did not reproduce mean it took another path
   * than before.
   */
  private void checkRemainingHistory() {
    HistoryEvent e;
    while ((e = session.poll()) != null) {
      consumedCount++;
      try {
        if (isScheduling(e)) {
          matchScheduled(e);
        } else if (e instanceof EventRaised er) {
          receivedEvents.computeIfAbsent(eventKey(er.name()), k -> new ArrayDeque<>()).add(er);
        }
      } catch (UnwindSignal signal) {
        return;
      }
    }
  }

  // ---------------------------------------------------------------- event processing

  /** Takes and applies one event; used by {@code await()}. */
  void processNextEvent() {
    if (outcome != null) {
      throw new UnwindSignal("orchestration already ended");
    }
    apply(take());
  }

  private HistoryEvent take() {
    HistoryEvent e = session.take();
    consumedCount++;
    if (e instanceof OrchestratorStarted os) {
      currentInstant = os.timestamp();
    }
    return e;
  }

  private void apply(HistoryEvent e) {
    if (suspended && !(e instanceof ExecutionResumed || e instanceof ExecutionTerminated)) {
      deferredWhileSuspended.add(e);
      return;
    }
    if (isScheduling(e)) {
      matchScheduled(e);
    } else if (entities.applyAnswer(e)) {
      // an entity's answer completed its task
    } else if (e instanceof TaskCompleted tc) {
      completeTask(tc.taskScheduledId(), tc.result());
    } else if (e instanceof TaskFailed tf) {
      failTask(tf.taskScheduledId(), tf.failureDetails(), tf.heartbeatDetails());
    } else if (e instanceof TimerFired tf) {
      completeTask(tf.timerId(), null);
    } else if (e instanceof SubOrchestrationInstanceCompleted sc) {
      completeTask(sc.taskScheduledId(), sc.result());
    } else if (e instanceof SubOrchestrationInstanceFailed sf) {
      failTask(sf.taskScheduledId(), sf.failureDetails(), null);
    } else if (e instanceof EventRaised er) {
      deliverEvent(er);
    } else if (e instanceof ExecutionSuspended) {
      suspended = true;
    } else if (e instanceof ExecutionResumed) {
      suspended = false;
      List<HistoryEvent> deferred = new ArrayList<>(deferredWhileSuspended);
      deferredWhileSuspended.clear();
      deferred.forEach(this::apply);
    } else if (e instanceof ExecutionTerminated et) {
      finish(OrchestrationRuntimeStatus.TERMINATED, converter.serialize(et.reason()), null);
      throw new UnwindSignal("terminated");
    }
    // OrchestratorStarted/Completed, ExecutionStarted/Completed and ExecutionRewound carry no work here.
  }

  private static boolean isScheduling(HistoryEvent e) {
    return ScheduledEvents.isScheduling(e) || EntityCalls.scheduledTaskId(e) >= 0;
  }

  private void matchScheduled(HistoryEvent e) {
    int entityTask = EntityCalls.scheduledTaskId(e);
    if (entityTask >= 0) {
      String mismatch = EntityCalls.mismatch(e, pendingActions.remove(entityTask));
      if (mismatch != null) {
        nonDeterminism(mismatch);
      }
      return;
    }
    ScheduledEvents.Recorded recorded = ScheduledEvents.recorded(e);
    int id = recorded.taskId();
    OrchestratorAction action = pendingActions.remove(id);
    String what = e.eventType() + " #" + id + (recorded.label() == null ? "" : " '" + recorded.label() + "'");
    if (action == null) {
      nonDeterminism("history records " + what + " but the replayed code did not schedule task #" + id);
    }
    String actionName = ScheduledEvents.label(action);
    if (!action.getClass().getSimpleName().equals(recorded.actionType()) || !Objects.equals(recorded.label(), actionName)) {
      nonDeterminism("history records " + what + " but the replayed code now does "
          + action.getClass().getSimpleName() + (actionName == null ? "" : " '" + actionName + "'") + " as task #" + id);
    }
  }

  private void nonDeterminism(String detail) {
    NonDeterministicOrchestrationException ex = new NonDeterministicOrchestrationException(
        "Non-deterministic orchestration '" + name + "' (instance '" + instanceId + "'): " + detail
            + patches.hint()
            + ". Was the orchestration changed while this instance was running, or does it read the clock,"
            + " random numbers or external state instead of using the context?");
    pendingActions.clear();
    outcome = null;
    finish(OrchestrationRuntimeStatus.FAILED, null, FailureDetails.of(ex));
    throw new UnwindSignal("non-deterministic");
  }

  void completeTask(int id, String result) {
    OpenTask t = openTasks.remove(id);
    if (t != null) { // absent: a duplicate delivery, or a task the code no longer waits for
      t.onResult().accept(result);
    }
  }

  void failTask(int id, FailureDetails details) {
    failTask(id, details, null);
  }

  private void failTask(int id, FailureDetails details, String heartbeatDetails) {
    OpenTask t = openTasks.remove(id);
    if (t != null) {
      t.onFailure().accept(new TaskFailedException(t.name(), id, details, heartbeatDetails));
    }
  }

  private void deliverEvent(EventRaised er) {
    String key = eventKey(er.name());
    ArrayDeque<EventWaiter> waiters = eventWaiters.get(key);
    EventWaiter waiter = waiters == null ? null : waiters.poll();
    if (waiter == null) {
      receivedEvents.computeIfAbsent(key, k -> new ArrayDeque<>()).add(er);
    } else {
      completeConverted(waiter.task(), er.input(), waiter.type());
    }
  }

  private static String eventKey(String eventName) {
    return eventName.toLowerCase(Locale.ROOT); // Durable Functions matches event names case-insensitively
  }

  @SuppressWarnings("unchecked")
  private <V> void completeConverted(ReplayTask<V> task, String json, Class<?> type) {
    V value;
    try {
      value = (V) converter.deserialize(json, type);
    } catch (RuntimeException e) {
      task.fail(e);
      return;
    }
    task.complete(value);
  }

  private List<HistoryEvent> carryoverEvents() {
    List<HistoryEvent> carry = new ArrayList<>();
    receivedEvents.values().forEach(carry::addAll);
    carry.addAll(deferredWhileSuspended.stream().filter(EventRaised.class::isInstance).toList());
    return carry;
  }

  private void finish(OrchestrationRuntimeStatus status, String result, FailureDetails failure) {
    if (outcome == null) {
      entities.releaseAtEnd();
      outcome = new CompleteOrchestration(nextTaskId++, status, result, failure);
    }
  }

  // ---------------------------------------------------------------- step results (caller thread, handed off)

  /** A VM error (out of memory...) that stopped the code; the step rethrows it rather than failing the instance. */
  VirtualMachineError vmError() {
    return vmError;
  }

  OrchestratorResult drainResult() {
    List<OrchestratorAction> actions = new ArrayList<>(patches.drain());
    actions.addAll(pendingActions.values());
    pendingActions.clear();
    if (outcome != null && !outcomeReported) {
      actions.add(outcome);
      outcomeReported = true;
    }
    return new OrchestratorResult(actions, customStatus, suspended, outcome != null ? 0 : openTasks.size(),
        tags.drain());
  }

  String customStatus() {
    return customStatus;
  }

  String executionId() {
    return executionId;
  }

  ExecutionStarted started() {
    return started;
  }

  // ---------------------------------------------------------------- TaskOrchestrationContext

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getVersion() {
    return started == null ? null : started.version();
  }

  @Override
  public boolean isPatched(String patchId) {
    return patches.isPatched(patchId, isReplaying(), nextTaskId);
  }

  @Override
  public void deprecatePatch(String patchId) {
    patches.deprecate(patchId, isReplaying());
  }

  @Override
  public String getInstanceId() {
    return instanceId;
  }

  @Override
  public <T> T getInput(Class<T> type) {
    return converter.deserialize(rawInput, type);
  }

  @Override
  public String getRawInput() {
    return rawInput;
  }

  @Override
  public Instant currentInstant() {
    return currentInstant;
  }

  @Override
  public boolean isReplaying() {
    return consumedCount <= pastCount;
  }

  @Override
  public UUID newUuid() {
    String seed = instanceId + "|" + executionId + "|" + (uuidCounter++);
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public <V> Task<V> callActivity(String activityName, Object input, Class<V> resultType) {
    Objects.requireNonNull(activityName, "activityName");
    return scheduleActivity(activityName, serializeInput(input, "activity '" + activityName + "'"), null, null,
        ActivityOptions.defaults(), resultType);
  }

  @Override
  public <V> Task<V> callActivity(String activityName, Object input, RetryPolicy retryPolicy, Class<V> resultType) {
    return ActivityCall.activity(this, activityName, input, ActivityOptions.of(retryPolicy), resultType);
  }

  @Override
  public <V> Task<V> callActivity(String activityName, Object input, ActivityOptions options, Class<V> resultType) {
    return ActivityCall.activity(this, activityName, input, options, resultType);
  }

  /** One activity attempt (see {@link ActivityCall}). */
  <V> ReplayTask<V> scheduleActivity(String activityName, String json, AttemptTimeouts timeouts, String heartbeat,
      ActivityOptions queueing, Class<V> resultType) {
    int id = nextTaskId++;
    pendingActions.put(id, new ScheduleTask(id, activityName, json, timeouts, heartbeat, queueing.queue(),
        queueing.priority()));
    ReplayTask<V> task = openTask(id, activityName, resultType);
    task.onCancel(() -> cancelActivity(id));
    return task;
  }

  /** Stops waiting for activity task {@code target} and asks the store to cancel its running attempt. */
  private void cancelActivity(int target) {
    openTasks.remove(target); // a late result is ignored like a duplicate
    int id = nextTaskId++;
    pendingActions.put(id, new CancelTask(id, target));
  }

  @Override
  public boolean cancelActivity(Task<?> activityCall) {
    Objects.requireNonNull(activityCall, "activityCall");
    return activityCall instanceof ReplayTask<?> t && t.cancel("Activity call cancelled by the orchestration");
  }

  String serializeActivityInput(Object input, String activityName) {
    return serializeInput(input, "activity '" + activityName + "'");
  }

  /** The id the next scheduled task will get. */
  int peekNextTaskId() {
    return nextTaskId;
  }

  @Override
  public <V> Task<V> callSubOrchestrator(String orchestrationName, Object input, String subInstanceId,
      SubOrchestrationOptions options, Class<V> resultType) {
    if (options == null || !options.retries()) {
      return startChild(orchestrationName, options == null ? SubOrchestrationOptions.DEFAULTS : options, input,
          subInstanceId, resultType);
    }
    return ActivityCall.subOrchestration(this, orchestrationName, input, subInstanceId, options, resultType);
  }

  @Override
  public <V> Task<V> callSubOrchestrator(String orchestrationName, Object input, String subInstanceId, Class<V> resultType) {
    return startChild(orchestrationName, SubOrchestrationOptions.DEFAULTS, input, subInstanceId, resultType);
  }

  /**
   * Schedules one child instance, of the options' version (null: the child's default version), admitted by
   * their task queue (null: none).
   */
  <V> ReplayTask<V> startChild(String orchestrationName, SubOrchestrationOptions options, Object input,
      String subInstanceId, Class<V> resultType) {
    Objects.requireNonNull(orchestrationName, "orchestrationName");
    String version = options.version();
    // The child's default version as this worker knows it (null: unversioned); not compared on replay,
    // since the child exists already then.
    String childVersion = version != null ? OrchestrationVersion.requireValid(version)
        : registry.defaultVersion(orchestrationName).orElse(null);
    String json = serializeInput(input, "sub-orchestration '" + orchestrationName + "'");
    int id = nextTaskId++;
    String childId = subInstanceId != null ? subInstanceId : instanceId + ":" + String.format(Locale.ROOT, "%04d", id); // ROOT: the same ASCII id on every node
    pendingActions.put(id, new CreateSubOrchestration(id, orchestrationName, childId, json, childVersion,
        options.queue(), options.priority()));
    return openTask(id, orchestrationName, resultType);
  }

  @Override
  public Task<Void> createTimer(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return createTimer(currentInstant.plus(delay.isNegative() ? Duration.ZERO : delay));
  }

  @Override
  public Task<Void> createTimer(Instant fireAt) {
    Objects.requireNonNull(fireAt, "fireAt");
    int id = nextTaskId++;
    pendingActions.put(id, new CreateTimer(id, fireAt));
    return openTask(id, "timer", Void.class);
  }

  <V> ReplayTask<V> openTask(int id, String taskName, Class<V> resultType) {
    ReplayTask<V> task = new ReplayTask<>(this);
    openTasks.put(id, new OpenTask(taskName, json -> completeConverted(task, json, resultType), task::fail));
    return task;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> Task<V> waitForExternalEvent(String eventName, Duration timeout, Class<V> type) {
    Objects.requireNonNull(eventName, "eventName");
    ReplayTask<V> task = new ReplayTask<>(this);
    String key = eventKey(eventName);
    ArrayDeque<EventRaised> received = receivedEvents.get(key);
    if (received != null && !received.isEmpty()) {
      completeConverted(task, received.poll().input(), type);
      return task;
    }
    EventWaiter waiter = new EventWaiter((ReplayTask<Object>) task, type);
    eventWaiters.computeIfAbsent(key, k -> new ArrayDeque<>()).add(waiter);
    if (timeout != null && !timeout.isNegative()) {
      ReplayTask<Void> timer = (ReplayTask<Void>) createTimer(currentInstant.plus(timeout));
      timer.onDone(t -> {
        if (!task.isDone()) {
          eventWaiters.get(key).remove(waiter);
          task.fail(new TaskCanceledException(
              "Timed out after " + timeout + " waiting for external event '" + eventName + "'"));
        }
      });
    }
    return task;
  }

  @Override
  public <V> Task<List<V>> allOf(List<Task<V>> tasks) {
    ReplayTask<List<V>> all = new ReplayTask<>(this);
    List<ReplayTask<V>> children = tasks.stream().map(t -> (ReplayTask<V>) t).toList();
    if (children.isEmpty()) {
      all.complete(List.of());
      return all;
    }
    int[] remaining = {children.size()};
    for (ReplayTask<V> child : children) {
      child.onDone(c -> {
        if (--remaining[0] > 0) {
          return;
        }
        List<RuntimeException> failures = new ArrayList<>();
        List<V> values = new ArrayList<>(children.size());
        for (ReplayTask<V> t : children) {
          if (t.isFailed()) {
            failures.add(t.failure());
          } else {
            values.add(t.value());
          }
        }
        if (failures.isEmpty()) {
          all.complete(values);
        } else {
          all.fail(new CompositeTaskFailedException(failures));
        }
      });
    }
    return all;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Task<Task<?>> anyOf(List<Task<?>> tasks) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("anyOf needs at least one task");
    }
    ReplayTask<Task<?>> any = new ReplayTask<>(this);
    List<ReplayTask<Object>> watched = new ArrayList<>(tasks.size());
    List<Consumer<ReplayTask<Object>>> self = new ArrayList<>(1);
    Consumer<ReplayTask<Object>> first = c -> {
      any.complete(c);
      // The others no longer matter to this anyOf: a loop of anyOf calls over the same pending tasks must
      // not pile up one callback per task per call.
      watched.forEach(w -> w.removeCallback(self.get(0)));
    };
    self.add(first);
    for (Task<?> t : tasks) {
      if (any.isDone()) {
        break;
      }
      ReplayTask<Object> task = (ReplayTask<Object>) t;
      watched.add(task);
      task.onDone(first);
    }
    return any;
  }

  @Override
  public void setTags(java.util.Map<String, String> values) {
    tags.set(values);
  }

  @Override
  public void setCustomStatus(Object status) {
    customStatus = converter.serialize(status);
  }

  @Override
  public void continueAsNew(Object newInput) {
    continueAsNewInput = serializeInput(newInput, "continue-as-new");
    continueAsNewRequested = true;
    continueAsNewVersion = null;
  }

  @Override
  public void continueAsNew(Object newInput, String version) {
    continueAsNew(newInput);
    continueAsNewVersion = version == null ? null : OrchestrationVersion.requireValid(version);
  }

  @Override
  public void signalEntity(EntityInstanceId entity, String operation, Object input, Instant scheduledTime) {
    entities.signal(entity, operation, input, scheduledTime);
  }

  @Override
  public <V> Task<V> callEntity(EntityInstanceId entity, String operation, Object input, Class<V> resultType) {
    return entities.call(entity, operation, input, resultType);
  }

  @Override
  public Task<EntityLock> lockEntities(EntityInstanceId... entityIds) {
    return entities.lock(entityIds);
  }

  /** The next task id (hook for {@link EntityCalls}). */
  int newTaskId() {
    return nextTaskId++;
  }

  /** Adds an action of this step (hook for {@link EntityCalls}). */
  void addAction(OrchestratorAction action) {
    pendingActions.put(action.id(), action);
  }

  @Override
  public System.Logger getReplaySafeLogger(String loggerName) {
    return new ReplaySafeLogger(System.getLogger(loggerName), this::isReplaying);
  }

  String serializeInput(Object input, String what) {
    try {
      return converter.serialize(input);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Input of " + what + " cannot be serialised to JSON: " + e.getMessage(), e);
    }
  }
}

package io.duraflow.client;

import io.duraflow.api.DataConverter;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.InvalidInstanceStateException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.EventRaised;
import io.duraflow.history.ExecutionResumed;
import io.duraflow.history.ExecutionRewound;
import io.duraflow.history.ExecutionStarted;
import io.opentelemetry.api.OpenTelemetry;
import io.duraflow.history.ExecutionSuspended;
import io.duraflow.history.ExecutionTerminated;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.PurgeFilter;
import io.duraflow.store.StoreHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * {@link DurableClient} that writes requests straight to the store: starting creates the instance,
 * every other request is a message to the instance, applied by whichever worker claims it next.
 */
public final class StoreDurableClient implements DurableClient, AutoCloseable {
  private static final int MAX_INSTANCE_ID_LENGTH = 256;
  private final OrchestrationStore store;
  private final TaskRegistry registry;
  private final DataConverter converter;
  private final Clock clock;
  private static final Duration DEFAULT_FIRST_POLL = Duration.ofMillis(10);
  private static final Duration DEFAULT_MAX_POLL = Duration.ofSeconds(1);
  private final String taskHub;
  private final Predicate<NewInstance> eagerStart;
  private final CompletionWaiters waiters;
  private final Duration firstPoll;
  private final Duration maxPoll;
  private final StartTracing tracing;

  /**
   * @param registry the orchestrations that may be started; null accepts any name (a client that does
   *     not run workers itself)
   */
  public StoreDurableClient(OrchestrationStore store, TaskRegistry registry, DataConverter converter, Clock clock, String taskHub) {
    this(store, registry, converter, clock, taskHub, request -> false);
  }

  /**
   * @param eagerStart creates an instance together with its first step and answers true, or answers false
   *     to have the client create it the ordinary way (a local worker's {@code startEagerly})
   */
  public StoreDurableClient(OrchestrationStore store, TaskRegistry registry, DataConverter converter, Clock clock,
      String taskHub, Predicate<NewInstance> eagerStart) {
    this(store, registry, converter, clock, taskHub, eagerStart, OpenTelemetry.noop());
  }

  /** @param openTelemetry where the {@code create_orchestration} spans go (see {@code io.duraflow.tracing}) */
  public StoreDurableClient(OrchestrationStore store, TaskRegistry registry, DataConverter converter, Clock clock,
      String taskHub, Predicate<NewInstance> eagerStart, OpenTelemetry openTelemetry) {
    this(store, registry, converter, clock, taskHub, eagerStart, new CompletionWaiters(), DEFAULT_FIRST_POLL, DEFAULT_MAX_POLL,
        new StartTracing(openTelemetry));
    store.addCompletionListener(waiters);
  }

  private StoreDurableClient(OrchestrationStore store, TaskRegistry registry, DataConverter converter, Clock clock,
      String taskHub, Predicate<NewInstance> eagerStart, CompletionWaiters waiters, Duration firstPoll, Duration maxPoll,
      StartTracing tracing) {
    this.tracing = tracing;
    this.store = Objects.requireNonNull(store, "store");
    this.registry = registry;
    this.converter = Objects.requireNonNull(converter, "converter");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.taskHub = validateTaskHub(taskHub);
    this.eagerStart = Objects.requireNonNull(eagerStart, "eagerStart");
    this.waiters = waiters;
    this.firstPoll = firstPoll;
    this.maxPoll = maxPoll;
  }

  /**
   * Stops listening for completions on the store (the store may outlive this client, and would otherwise
   * keep every closed client's listener); waits in progress fall back to polling. Clients derived with
   * {@code forTaskHub} or {@code withPolling} share the listener: close the one made by a constructor.
   */
  @Override
  public void close() {
    store.removeCompletionListener(waiters);
  }

  /**
   * This client with other pauses between the status checks of {@code waitForCompletion}: the fallback for
   * completions the store does not report. The pause starts at {@code first} (default 10 ms) and doubles
   * up to {@code max} (default 1 s).
   */
  public StoreDurableClient withPolling(Duration first, Duration max) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    return new StoreDurableClient(store, registry, converter, clock, taskHub, eagerStart, waiters, first, max, tracing);
  }

  private static String validateTaskHub(String taskHub) {
    Objects.requireNonNull(taskHub, "taskHub");
    if (!taskHub.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
      throw new IllegalArgumentException("Task hub name '" + taskHub
          + "' is invalid: use 1-63 letters, digits, '-' or '_', starting with a letter or digit");
    }
    return taskHub;
  }

  @Override
  public String taskHub() {
    return taskHub;
  }

  @Override
  public DurableClient forTaskHub(String otherHub) {
    return otherHub == null || otherHub.equals(taskHub) ? this
        : new StoreDurableClient(store, registry, converter, clock, otherHub, eagerStart, waiters, firstPoll, maxPoll, tracing);
  }

  @Override
  public StoreHealth storeHealth() {
    return store.health();
  }

  @Override
  public boolean isRegistered(String orchestrationName) {
    return registry == null || registry.orchestration(orchestrationName).isPresent()
        || liveWorkerNames().contains(orchestrationName);
  }

  @Override
  public boolean isRegistered(String orchestrationName, String version) {
    if (version == null) {
      return isRegistered(orchestrationName);
    }
    return registry == null || registry.orchestration(orchestrationName, version).isPresent()
        || liveWorkerNames().contains(io.duraflow.api.OrchestrationVersion.claimKey(orchestrationName, version));
  }

  @Override
  public java.util.SortedSet<String> knownOrchestrations() {
    java.util.SortedSet<String> names = StartVersions.names(liveWorkerNames());
    if (registry != null) {
      names.addAll(registry.orchestrationNames());
    }
    return names;
  }

  /** What the store's running workers announce they can run (an API-only node has no code of its own). */
  private java.util.Set<String> liveWorkerNames() {
    java.util.Set<String> names = new java.util.HashSet<>();
    try {
      store.liveWorkers(io.duraflow.store.WorkerInfo.LIVE_WINDOW).forEach(w -> names.addAll(w.orchestrations()));
    } catch (RuntimeException e) {
      // The local registry still answers; a store that cannot be read fails the start itself anyway.
    }
    return names;
  }

  @Override
  public String startNew(String name, Object input, StartOptions options) {
    return startRaw(name, converter.serialize(input), options == null ? StartOptions.defaults() : options);
  }

  private String startRaw(String name, String inputJson, StartOptions options) {
    Objects.requireNonNull(name, "name");
    if (!isRegistered(name)) {
      throw new IllegalArgumentException("No orchestration named '" + name + "' is registered here or on a"
          + " running worker; known: " + String.join(", ", knownOrchestrations()));
    }
    if (registry != null) {
    }
    String version = StartVersions.resolve(name, options.version(), registry, this::liveWorkerNames);
    if (registry != null) {
      registry.inputCheck(name, version).ifPresent(check -> check.check(inputJson)); // a wrong shape is refused now
    }
    String instanceId = options.instanceId() != null ? options.instanceId() : UUID.randomUUID().toString().replace("-", "");
    if (instanceId.isBlank() || instanceId.length() > MAX_INSTANCE_ID_LENGTH || instanceId.chars().anyMatch(c -> c < 0x20 || c == '/' || c == '\\')) {
      throw new IllegalArgumentException("Instance id must be 1-" + MAX_INSTANCE_ID_LENGTH
          + " characters without '/', '\\' or control characters");
    }
    String executionId = UUID.randomUUID().toString().replace("-", "");
    return tracing.traced(taskHub, name, instanceId, options.traceParent(), trace -> {
      NewInstance request = new NewInstance(taskHub, instanceId,
          new ExecutionStarted(clock.instant(), name, inputJson, executionId, null, options.startAt(), trace, version),
          options.idReuse(), options.reuseCompleted(), options.tags(), options.queue(), options.priority());
      // The fast path creates plain instances only: an id policy or tags go through the store's create.
      if (!request.plain() || !eagerStart.test(request)) {
        store.createInstance(request);
      }
      return instanceId;
    });
  }

  @Override
  public Optional<InstanceRecord> getInstance(String instanceId) {
    return store.getInstance(taskHub, instanceId);
  }

  @Override
  public List<HistoryEvent> getHistory(String instanceId) {
    return store.getHistory(taskHub, instanceId);
  }

  @Override
  public List<HistoryEvent> getHistorySlice(String instanceId, int offset, int limit) {
    return store.getHistorySlice(taskHub, instanceId, offset, limit);
  }

  @Override
  public InstancePage queryInstances(InstanceQuery query) {
    return store.queryInstances(taskHub, query);
  }

  @Override
  public java.util.Map<io.duraflow.api.OrchestrationRuntimeStatus, Long> countInstances(InstanceQuery query) {
    return store.countInstances(taskHub, query);
  }

  @Override
  public void raiseEvent(String instanceId, String eventName, Object payload) {
    Objects.requireNonNull(eventName, "eventName");
    requireNotTerminal(instanceId, "raise an event to");
    send(instanceId, new EventRaised(clock.instant(), eventName, converter.serialize(payload)));
  }

  @Override
  public void terminate(String instanceId, String reason) {
    requireNotTerminal(instanceId, "terminate");
    send(instanceId, new ExecutionTerminated(clock.instant(), reason));
  }

  @Override
  public void setTags(String instanceId, java.util.Map<String, String> tags) {
    Objects.requireNonNull(tags, "tags");
    tags.forEach(io.duraflow.store.NewInstance::checkTag);
    if (store.getInstance(taskHub, instanceId).isEmpty()) {
      throw new io.duraflow.api.InstanceNotFoundException(taskHub, instanceId);
    }
    store.setTags(taskHub, instanceId, tags);
  }

  @Override
  public java.util.Map<String, String> getTags(String instanceId) {
    return store.getTags(taskHub, instanceId);
  }

  @Override
  public void suspend(String instanceId, String reason) {
    requireNotTerminal(instanceId, "suspend");
    send(instanceId, new ExecutionSuspended(clock.instant(), reason));
  }

  @Override
  public void resume(String instanceId, String reason) {
    requireNotTerminal(instanceId, "resume");
    send(instanceId, new ExecutionResumed(clock.instant(), reason));
  }

  @Override
  public void rewind(String instanceId, String reason) {
    InstanceRecord instance = require(instanceId);
    if (instance.runtimeStatus() != OrchestrationRuntimeStatus.FAILED) {
      throw new InvalidInstanceStateException(instanceId, instance.runtimeStatus(), "rewind (only Failed instances can be rewound)");
    }
    send(instanceId, new ExecutionRewound(clock.instant(), reason));
  }

  @Override
  public String restart(String instanceId, boolean newInstanceId) {
    InstanceRecord instance = require(instanceId);
    if (!newInstanceId && !instance.runtimeStatus().isTerminal()) {
      throw new InvalidInstanceStateException(instanceId, instance.runtimeStatus(), "restart with the same id");
    }
    StartOptions options = newInstanceId ? StartOptions.defaults() : StartOptions.withInstanceId(instanceId);
    return startRaw(instance.name(), instance.input(), options);
  }

  @Override
  public boolean purge(String instanceId) {
    return store.purgeInstance(taskHub, instanceId);
  }

  @Override
  public int purge(PurgeFilter filter) {
    return store.purgeInstances(taskHub, filter);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Returns as soon as the store reports the instance finished (at once in this process; through the
   * database's notifications from other nodes where it has them), polling slowly as a fallback.
   */
  @Override
  public InstanceRecord waitForCompletion(String instanceId, Duration timeout) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = firstPoll.toNanos();
    try (CompletionWaiters.Waiter waiter = waiters.register(taskHub, instanceId)) {
      InstanceRecord known = null;
      while (true) {
        InstanceRecord instance = known != null ? known : require(instanceId);
        if (instance.runtimeStatus().isTerminal()) {
          return instance;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("Instance '" + instanceId + "' is still " + instance.runtimeStatus().wireName() + " after " + timeout);
        }
        known = waiter.await(Math.min(pause, left)); // the committed row when finished here: no read needed
        pause = Math.min(pause * 2, maxPoll.toNanos());
      }
    }
  }

  private InstanceRecord require(String instanceId) {
    return store.getInstance(taskHub, instanceId).orElseThrow(() -> new InstanceNotFoundException(taskHub, instanceId));
  }

  private void requireNotTerminal(String instanceId, String operation) {
    InstanceRecord instance = require(instanceId);
    if (instance.runtimeStatus().isTerminal()) {
      throw new InvalidInstanceStateException(instanceId, instance.runtimeStatus(), operation);
    }
  }

  private void send(String instanceId, HistoryEvent event) {
    store.sendMessage(taskHub, instanceId, event, clock.instant());
  }

  // ---------------------------------------------------------------- durable entities

  @Override
  public void signalEntity(io.duraflow.api.EntityInstanceId entity, String operation, Object input,
      Instant scheduledTime) {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(operation, "operation");
    if (operation.isBlank()) {
      throw new IllegalArgumentException("entity operation name must not be blank");
    }
    Instant now = clock.instant();
    store.entities().signalEntity(taskHub, entity, new io.duraflow.history.EntityOperationSignaled(now, -1,
        entity.toInstanceId(), operation, converter.serialize(input), scheduledTime, null),
        scheduledTime != null ? scheduledTime : now);
  }

  @Override
  public Optional<io.duraflow.store.EntityRecord> getEntity(io.duraflow.api.EntityInstanceId entity) {
    Objects.requireNonNull(entity, "entity");
    return store.entities().getEntity(taskHub, entity).filter(e -> e.state() != null);
  }

  @Override
  public io.duraflow.store.EntityPage queryEntities(io.duraflow.store.EntityQuery query) {
    return store.entities().queryEntities(taskHub, Objects.requireNonNull(query, "query"));
  }

  @Override
  public io.duraflow.store.EntityCleanup cleanEntityStorage() {
    return store.entities().cleanEntityStorage(taskHub);
  }
}

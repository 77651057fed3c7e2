package io.duraflow.engine;

import io.duraflow.api.DataConverter;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.metrics.QueueGauges;
import io.duraflow.schedule.ScheduleClient;
import io.duraflow.schedule.ScheduleRunner;
import io.duraflow.store.NodeIdentity;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.worker.Worker;
import io.duraflow.worker.QueueOptions;
import io.duraflow.worker.WorkerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One Duraflow node: a worker that runs orchestrations and activities from a store, and a client to
 * start and manage instances. The store is not owned: close it after the engine.
 *
 * <pre>{@code
 * try (OrchestrationStore store = ...; DuraflowEngine engine = DuraflowEngine.builder()
 *         .store(store).registry(registry).build().start()) {
 *   String id = engine.client().startNew("HelloSequence", null);
 *   engine.client().waitForCompletion(id, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class DuraflowEngine implements AutoCloseable {
  /** The task hub used when none is named. */
  public static final String DEFAULT_TASK_HUB = "DuraflowHub";

  private final OrchestrationStore store;
  private final TaskRegistry registry;
  private final DataConverter converter;
  private final Clock clock;
  private final StoreDurableClient client;
  private final Worker worker;
  private final MeterRegistry meters;
  private final OpenTelemetry openTelemetry;
  /** Exclusive use of the node name, when one was given and no other live process holds it. */
  private final Optional<NodeIdentity> identity;
  /** Starts due schedules; on worker nodes only (a client-only node just edits them). */
  private final ScheduleRunner scheduleRunner;
  private final ScheduleClient schedules;

  private DuraflowEngine(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.registry = Objects.requireNonNull(b.registry, "registry");
    this.converter = b.converter != null ? b.converter : new JacksonDataConverter();
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.meters = b.meters != null ? b.meters : new SimpleMeterRegistry();
    this.openTelemetry = b.openTelemetry != null ? b.openTelemetry : OpenTelemetry.noop();
    WorkerOptions options = b.workerOptions != null ? b.workerOptions : WorkerOptions.defaults(defaultWorkerId());
    if (b.nodeId != null && b.runWorker) {
      this.identity = NodeStartup.claimName(store, b.nodeId);
      options = options.withWorkerId(identity.isPresent() ? b.nodeId : NodeStartup.uniqueVariant(b.nodeId));
    } else {
      this.identity = Optional.empty();
    }
    QueueGauges.register(meters, store, clock); // the shared store's backlog, also on a node without a worker
    this.worker = b.runWorker ? new Worker(store, registry, converter, clock, options, meters, openTelemetry, List.copyOf(b.queues)) : null;
    // With a local worker, a start runs the instance's first step in the same transaction (fast path).
    this.client = new StoreDurableClient(store, registry, converter, clock, b.taskHub,
        worker != null ? worker::startEagerly : request -> false, openTelemetry);
    this.scheduleRunner = worker != null ? new ScheduleRunner(store, clock, b.schedulePollInterval, meters) : null;
    this.schedules = new ScheduleClient(store, clock, b.taskHub, this::checkStart,
        scheduleRunner != null ? scheduleRunner::wake : null);
  }

  /** What a start of the client checks, for a schedule's future starts: the name is known, the input fits. */
  private void checkStart(String orchestration, String inputJson) {
    if (!client.isRegistered(orchestration)) {
      throw new IllegalArgumentException("No orchestration named '" + orchestration + "' is registered here or on a"
          + " running worker; known: " + String.join(", ", client.knownOrchestrations()));
    }
    registry.inputCheck(orchestration).ifPresent(check -> check.check(inputJson));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A worker id unique to this process: host, pid and a random suffix. */
  public static String defaultWorkerId() {
    return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Starts the worker (if any). Returns this. */
  public DuraflowEngine start() {
    if (worker != null) {
      NodeStartup.reclaimAndReport(store, identity, worker.workerId());
      worker.start();
      scheduleRunner.start();
    }
    return this;
  }

  /** A client of the default task hub; {@code client().forTaskHub(name)} for others. */
  public DurableClient client() {
    return client;
  }

  /** The schedules of the default task hub ({@code io.duraflow.schedule}); {@code forTaskHub} for others. */
  public ScheduleClient schedules() {
    return schedules;
  }

  public OrchestrationStore store() {
    return store;
  }

  public TaskRegistry registry() {
    return registry;
  }

  public DataConverter converter() {
    return converter;
  }

  public MeterRegistry meters() {
    return meters;
  }

  /** Where this engine's spans go: what {@link Builder#openTelemetry} set, or the no-op API. */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** The worker, or null for a client-only engine. */
  public Worker worker() {
    return worker;
  }

  /** Stops the worker; the store stays open. */
  @Override
  public void close() {
    try {
      if (scheduleRunner != null) {
        scheduleRunner.close(); // first: no new instance for a worker that is stopping
      }
      if (worker != null) {
        worker.close();
      }
    } finally {
      client.close();
      identity.ifPresent(NodeIdentity::close); // after the worker: no lease is written under the name afterwards
    }
  }

  /** Configures an engine; {@link #store} and {@link #registry} are required. */
  public static final class Builder {
    private OrchestrationStore store;
    private TaskRegistry registry;
    private DataConverter converter;
    private Clock clock;
    private String taskHub = DEFAULT_TASK_HUB;
    private WorkerOptions workerOptions;
    private final java.util.Map<String, QueueOptions> queueMap = new java.util.LinkedHashMap<>();
    private final java.util.Collection<QueueOptions> queues = queueMap.values();
    private MeterRegistry meters;
    private OpenTelemetry openTelemetry;
    private boolean runWorker = true;
    private String nodeId;
    private Duration schedulePollInterval = Duration.ofSeconds(2);

    public Builder store(OrchestrationStore value) {
      this.store = value;
      return this;
    }

    public Builder registry(TaskRegistry value) {
      this.registry = value;
      return this;
    }

    public Builder converter(DataConverter value) {
      this.converter = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** The default task hub of {@link #client()}. The worker serves every hub in the store. */
    public Builder taskHub(String value) {
      this.taskHub = value;
      return this;
    }

    /**
     * Defines a named task queue with its limits (docs/queues.md); a second definition of the same name
     * replaces the first. Its cluster-wide limits are stored when the worker is created, so every node of
     * a store should define a queue alike. Activity calls name the queue in {@link
     * io.duraflow.api.ActivityOptions}, sub-orchestration calls in {@link io.duraflow.api.SubOrchestrationOptions}.
     */
    public Builder queue(QueueOptions value) {
      Objects.requireNonNull(value, "queue");
      queueMap.put(value.name(), value);
      return this;
    }

    public Builder workerOptions(WorkerOptions value) {
      this.workerOptions = value;
      return this;
    }

    /**
     * Where the engine records its meters ({@link io.duraflow.metrics.DuraflowMeters} lists them); default a
     * private registry that nothing reads. {@code DuraflowServer} passes the Prometheus registry it serves.
     */
    public Builder meterRegistry(MeterRegistry value) {
      this.meters = value;
      return this;
    }

    /**
     * Where the engine's spans go: a span per orchestration step and per activity execution, and the
     * client's {@code create_orchestration} spans (see {@code io.duraflow.tracing}). Default: the no-op
     * {@link OpenTelemetry#noop()}, not {@code GlobalOpenTelemetry}, so that an engine traces only when its
     * application asks it to and two engines in one JVM (tests, embedding) never share hidden global state;
     * an application using the OpenTelemetry Java agent passes {@code GlobalOpenTelemetry.get()}. With the
     * no-op API a start still stores the caller's {@code traceparent}, so nodes that do trace continue it.
     */
    public Builder openTelemetry(OpenTelemetry value) {
      this.openTelemetry = value;
      return this;
    }

    /**
     * A stable name for this node, the same after a restart (the CLI keeps one in the data directory). While
     * no other live process uses the name, the worker writes it on its leases and, at start, takes back at
     * once the leases its previous run left when it was killed, instead of waiting for them to expire.
     * Without a name (the default) each process gets a unique worker id and such leases simply expire.
     */
    public Builder nodeId(String value) {
      this.nodeId = value;
      return this;
    }

    /**
     * The longest pause of this node's scheduler between looks at the schedules (default 2 s): how soon it
     * sees a schedule created or resumed on another node. Due times it knows of it waits for exactly.
     */
    public Builder schedulePollInterval(Duration value) {
      this.schedulePollInterval = Objects.requireNonNull(value, "schedulePollInterval");
      return this;
    }

    /** False for a client-only node that runs no orchestrations or activities. */
    public Builder runWorker(boolean value) {
      this.runWorker = value;
      return this;
    }

    public DuraflowEngine build() {
      return new DuraflowEngine(this);
    }
  }
}

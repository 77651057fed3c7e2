package io.duraflow.testkit;

import io.duraflow.api.DataConverter;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.TaskActivity;
import io.duraflow.api.TaskOrchestration;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StartOptions;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.history.HistoryEvent;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.sqlite.SqliteDurability;
import io.duraflow.store.sqlite.SqliteOrchestrationStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A Duraflow engine for tests of your own orchestrations: a real SQLite store in a temporary file, a
 * {@link VirtualClock} that moves only when the test says so, a worker that runs on the test's thread
 * exactly when asked, activity stubs, and seeded fault injection ({@link FaultPlan}).
 *
 * <pre>{@code
 * try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder()
 *     .orchestration("Approval", Approval.orchestration()).build()) {
 *   String id = env.start("Approval", Map.of("timeoutSeconds", 86_400));
 *   env.advance(Duration.ofDays(1));                       // the timeout fires: no waiting
 *   assertThat(env.output(id, Map.class)).containsEntry("timedOut", true);
 * }
 * }</pre>
 *
 * <p>Nothing runs in the background: {@link #start} only creates the instance, {@link #runUntilIdle()}
 * runs every step and activity that is due now, and {@link #advance} moves the clock from due time to due
 * time, running what each makes due, so a 30-day orchestration with daily timers is tested in
 * milliseconds, always in the same order. Not thread-safe: drive it from one test thread.
 */
public final class DuraflowTestEnvironment implements AutoCloseable {
  /** Where the virtual clock starts unless {@link Builder#startAt} says otherwise: a fixed instant, so runs repeat. */
  public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

  private final VirtualClock clock;
  private final Path directory;
  private final boolean ownsDirectory;
  private final SqliteOrchestrationStore store;
  private final DueTimes dueTimes;
  private final ActivityStubs stubs = new ActivityStubs();
  private final DataConverter converter;
  private final StoreDurableClient client;
  private final TestWorker worker;
  private final FaultPlan plan;

  private DuraflowTestEnvironment(Builder b) {
    this.clock = new VirtualClock(b.startAt);
    this.converter = b.converter != null ? b.converter : new JacksonDataConverter();
    this.plan = b.plan;
    this.ownsDirectory = b.directory == null;
    try {
      this.directory = b.directory != null ? b.directory : Files.createTempDirectory("duraflow-test-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temporary directory for the test database", e);
    }
    // NORMAL durability: a test's database need not survive a power cut, and fsync per commit is slow.
    this.store = SqliteOrchestrationStore.open(directory, clock, SqliteDurability.NORMAL);
    this.dueTimes = new DueTimes(directory.resolve(SqliteOrchestrationStore.FILE_NAME));
    TaskRegistry registry = stubs.registry(b.registry.build(), b.stubs);
    this.client = new StoreDurableClient(store, registry, converter, clock, DuraflowEngine.DEFAULT_TASK_HUB);
    this.worker = new TestWorker(store, registry, converter, clock, plan, b.sessionCacheSize);
  }

  /** A builder: register orchestrations and activities, then {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ time and running

  /** The virtual clock; orchestrations see it as {@code ctx.currentInstant()}. */
  public VirtualClock clock() {
    return clock;
  }

  /** What the virtual clock says now. */
  public Instant now() {
    return clock.instant();
  }

  /** Runs every orchestration step and activity that is due at the current virtual time; no time passes. */
  public void runUntilIdle() {
    worker.runUntilIdle();
  }

  /**
   * Moves the virtual clock forward by {@code span}, stopping at every time something becomes due (a
   * timer, a retry, a scheduled start, a lease expiring) to run it, and returns when the worker is idle at
   * the end of the span.
   */
  public void advance(Duration span) {
    Objects.requireNonNull(span, "span");
    if (span.isNegative()) {
      throw new IllegalArgumentException("Time only moves forward in a test environment; cannot advance by " + span);
    }
    Instant target = clock.instant().plus(span);
    worker.runUntilIdle();
    for (Optional<Instant> next = dueTimes.nextAfter(clock.instant()); next.isPresent() && !next.get().isAfter(target);
        next = dueTimes.nextAfter(clock.instant())) {
      clock.advanceTo(next.get());
      worker.runUntilIdle();
    }
    clock.advanceTo(target);
    worker.runUntilIdle();
  }

  /** The next time something becomes due (a timer, a retry), if anything waits; useful to assert a timer is armed. */
  public Optional<Instant> nextDueTime() {
    return dueTimes.nextAfter(clock.instant());
  }

  // ------------------------------------------------------------------ instances

  /** A client of the environment's store (use {@link #runUntilIdle()} rather than its blocking waits). */
  public DurableClient client() {
    return client;
  }

  /** Starts an instance (nothing runs until {@link #runUntilIdle()} or {@link #advance}); returns its id. */
  public String start(String orchestration, Object input) {
    return client.startNew(orchestration, input);
  }

  /** Starts an instance with id {@code instanceId}. */
  public String start(String orchestration, Object input, String instanceId) {
    return client.startNew(orchestration, input, StartOptions.withInstanceId(instanceId));
  }

  /** Starts an instance and runs until idle. */
  public String run(String orchestration, Object input) {
    String id = start(orchestration, input);
    runUntilIdle();
    return id;
  }

  /** Sends an external event to an instance; it is handled at the next {@link #runUntilIdle()}. */
  public void raiseEvent(String instanceId, String eventName, Object payload) {
    client.raiseEvent(instanceId, eventName, payload);
  }

  /**
   * The instance as stored now.
   *
   * @throws InstanceNotFoundException if there is no such instance
   */
  public InstanceRecord instance(String instanceId) {
    return client.getInstance(instanceId).orElseThrow(() -> new InstanceNotFoundException(client.taskHub(), instanceId));
  }

  /** The instance's output read as {@code type} (null while it has none). */
  public <T> T output(String instanceId, Class<T> type) {
    String raw = instance(instanceId).output();
    return raw == null ? null : converter.deserialize(raw, type);
  }

  /** The instance's status, output and failure: what the fault explorer compares between runs. */
  public Outcome outcome(String instanceId) {
    return Outcome.of(instance(instanceId));
  }

  /** The history of the instance's current execution. */
  public List<HistoryEvent> history(String instanceId) {
    return client.getHistory(instanceId);
  }

  // ------------------------------------------------------------------ stubs and observations

  /**
   * Replaces registered activity {@code name} by {@code stub} from its next execution on (a stub that
   * throws fails the task, as the real activity would).
   */
  public DuraflowTestEnvironment stubActivity(String name, TaskActivity stub) {
    stubs.stub(name, Objects.requireNonNull(stub, "stub"));
    return this;
  }

  /** Replaces activity {@code name} by a function of its input read as {@code inputType}. */
  public <I> DuraflowTestEnvironment stubActivity(String name, Class<I> inputType, Function<I, ?> answer) {
    return stubActivity(name, ctx -> answer.apply(ctx.getInput(inputType)));
  }

  /** Makes activity {@code name} fail with {@code message} from its next execution on. */
  public DuraflowTestEnvironment failActivity(String name, String message) {
    return stubActivity(name, ctx -> {
      throw new StubbedActivityFailure(message);
    });
  }

  /** How many times activity {@code name} has run, stubbed or not, counting every delivery. */
  public int activityCalls(String name) {
    return stubs.calls(name);
  }

  /** Every step run so far, numbered as a {@link FaultPlan} numbers them. */
  public List<StepRecord> steps() {
    return worker.steps();
  }

  /** The faults injected so far. */
  public List<InjectedFault> injectedFaults() {
    return worker.injected();
  }

  /** The plan this environment runs under. */
  public FaultPlan faultPlan() {
    return plan;
  }

  /** Instances whose orchestration code the current worker keeps loaded between steps (a crash empties it). */
  public int cachedSessions() {
    return worker.cachedSessions();
  }

  /** The directory of the test database. */
  public Path directory() {
    return directory;
  }

  /** Closes the worker and the store, and deletes the temporary database (unless the builder named a directory). */
  @Override
  public void close() {
    try {
      worker.close();
      client.close();
      dueTimes.close();
    } finally {
      // The store's writer thread notices a close only at its next poll (up to 0.1 s); a fault exploration
      // opens dozens of environments, so the store is closed, and its file deleted, off the test's thread.
      CLOSER.execute(() -> {
        try {
          store.close();
        } finally {
          if (ownsDirectory) {
            deleteQuietly(directory);
          }
        }
      });
    }
  }

  private static final java.util.concurrent.Executor CLOSER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "duraflow-testkit-closer");
    t.setDaemon(true);
    return t;
  });

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary file is harmless
    }
  }

  /** The exception a {@link #failActivity} stub throws; its message is the task's failure message. */
  public static final class StubbedActivityFailure extends RuntimeException {
    public StubbedActivityFailure(String message) {
      super(message);
    }
  }

  /** Configures a test environment. */
  public static final class Builder {
    private final TaskRegistry.Builder registry = TaskRegistry.builder();
    private final Map<String, TaskActivity> stubs = new LinkedHashMap<>();
    private Instant startAt = DEFAULT_START;
    private FaultPlan plan = FaultPlan.none();
    private DataConverter converter;
    private Path directory;
    private int sessionCacheSize = 1000;

    /** Registers everything {@code value} registers. */
    public Builder registry(TaskRegistry value) {
      registry.addAll(value);
      return this;
    }

    public Builder orchestration(String name, TaskOrchestration orchestration) {
      registry.addOrchestration(name, orchestration);
      return this;
    }

    public Builder activity(String name, TaskActivity activity) {
      registry.addActivity(name, activity);
      return this;
    }

    /** An activity that exists only as a stub (or replaces a registered one from the start). */
    public Builder stubActivity(String name, TaskActivity stub) {
      stubs.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(stub, "stub"));
      return this;
    }

    /** Where the virtual clock starts (default {@link #DEFAULT_START}). */
    public Builder startAt(Instant value) {
      this.startAt = Objects.requireNonNull(value, "startAt");
      return this;
    }

    /** The faults to inject (default none). */
    public Builder faults(FaultPlan value) {
      this.plan = Objects.requireNonNull(value, "faults");
      return this;
    }

    public Builder converter(DataConverter value) {
      this.converter = value;
      return this;
    }

    /** Keeps the database in {@code value} (not deleted on close), to look at it after a failing test. */
    public Builder directory(Path value) {
      this.directory = value;
      return this;
    }

    /**
     * How many instances keep their code loaded between steps (default 1000); 0 replays every step from
     * history, which finds replay bugs without a fault plan.
     */
    public Builder sessionCacheSize(int value) {
      this.sessionCacheSize = value;
      return this;
    }

    public DuraflowTestEnvironment build() {
      return new DuraflowTestEnvironment(this);
    }
  }
}

package io.duraflow.testkit;

import io.duraflow.api.DataConverter;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.LeaseLostException;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.worker.StepDriver;
import io.duraflow.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment's one worker, driven on the test's thread: it claims work from the store and runs it
 * until nothing is claimable at the current virtual time, numbering each step and injecting the faults
 * the {@link FaultPlan} names.
 *
 * <p>Order (deterministic): claimable orchestration steps first, one at a time, then every claimable
 * activity, in claim order (or in the seed's shuffled order, stepping the orchestrations between some
 * results, when the plan reorders results). A crash closes the {@link StepDriver} (its cached sessions
 * are what a killed process loses) and starts a new one, which finds the dead worker's work as the plan's
 * {@link FaultPlan.Recovery} says.
 */
final class TestWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestWorker.class);
  /** Steps one {@link #runUntilIdle} may take before the kit reports an orchestration that never rests. */
  static final int MAX_STEPS_PER_RUN = 10_000;
  private static final int BATCH = 1000;

  private final OrchestrationStore store;
  private final FaultyStore faults;
  private final OrchestrationStore faultyStore;
  private final TaskRegistry registry;
  private final DataConverter converter;
  private final VirtualClock clock;
  private final FaultPlan plan;
  private final Random random;
  private final Set<String> orchestrationNames;
  private final Set<String> activityNames;
  private final List<StepRecord> steps = new ArrayList<>();
  private final List<InjectedFault> injected = new ArrayList<>();
  private WorkerOptions options;
  private StepDriver driver;
  private int generation = 1;

  TestWorker(OrchestrationStore store, TaskRegistry registry, DataConverter converter, VirtualClock clock,
      FaultPlan plan, int sessionCacheSize) {
    this.store = store;
    this.faults = FaultyStore.wrapping(store);
    this.faultyStore = faults.proxy();
    this.registry = registry;
    this.converter = converter;
    this.clock = clock;
    this.plan = plan;
    this.random = new Random(plan.seed());
    this.orchestrationNames = Set.copyOf(registry.orchestrationClaimKeys()); // names and name@version
    this.activityNames = Set.copyOf(registry.activityNames());
    this.options = WorkerOptions.defaults("testkit-worker-1").withSessionCacheSize(sessionCacheSize);
    this.driver = newDriver();
  }

  private StepDriver newDriver() {
    return new StepDriver(faultyStore, registry, converter, clock, options);
  }

  List<StepRecord> steps() {
    return Collections.unmodifiableList(steps);
  }

  List<InjectedFault> injected() {
    return Collections.unmodifiableList(injected);
  }

  int cachedSessions() {
    return driver.cachedSessions();
  }

  /** Runs steps and activities until none is claimable at the current virtual time. */
  void runUntilIdle() {
    int start = steps.size();
    while (true) {
      if (steps.size() - start > MAX_STEPS_PER_RUN) {
        throw new IllegalStateException("The test environment ran " + MAX_STEPS_PER_RUN + " steps without becoming idle at "
            + clock.instant() + "; does an orchestration loop forever without waiting for a timer? Last: "
            + steps.get(steps.size() - 1));
      }
      driver.expireActivities(); // activity timeouts that the virtual clock has passed
      if (runOneOrchestrationStep()) {
        continue;
      }
      List<ActivityWorkItem> activities =
          store.claimActivityWorkItems(options.workerId(), BATCH, options.activityLease(), activityNames);
      if (activities.isEmpty()) {
        return;
      }
      runActivities(activities);
    }
  }

  private boolean runOneOrchestrationStep() {
    List<OrchestrationWorkItem> items =
        store.claimOrchestrationWorkItems(options.workerId(), 1, options.orchestrationLease(), orchestrationNames);
    if (items.isEmpty()) {
      return false;
    }
    OrchestrationWorkItem item = items.get(0);
    StepRecord step = record(StepKind.ORCHESTRATION, item.instanceId(), item.instance().name(), -1);
    FaultKind fault = planned(step);
    faults.arm(fault);
    try {
      driver.step(item, SimulatedCrash.class::isInstance);
      if (fault != null && !faults.stillArmed()) {
        injected.add(new InjectedFault(fault, step));
      }
    } catch (SimulatedCrash crash) {
      injected.add(new InjectedFault(fault, step));
      restartAfterCrash(crash);
    } finally {
      faults.arm(null); // a step that never committed (a dropped message) keeps its fault unused
    }
    return true;
  }

  private void runActivities(List<ActivityWorkItem> claimed) {
    List<ActivityWorkItem> order = new ArrayList<>(claimed);
    if (plan.reordersResults()) {
      Collections.shuffle(order, random);
    }
    int generationAtStart = generation;
    for (int i = 0; i < order.size() && generation == generationAtStart; i++) {
      ActivityWorkItem item = order.get(i);
      StepRecord step = record(StepKind.ACTIVITY, item.instanceId(), item.name(), item.taskId());
      FaultKind fault = planned(step);
      HistoryEvent result = driver.runActivity(item);
      if (fault != null) {
        injected.add(new InjectedFault(fault, step));
      }
      if (fault == FaultKind.AFTER_ACTIVITY) {
        restartAfterCrash(new SimulatedCrash("after activity '" + item.name() + "' ran"));
        return; // the rest of the batch was the dead worker's: the new one claims it again
      }
      if (fault == FaultKind.DUPLICATE_DELIVERY) {
        store.abandonActivity(item, Duration.ZERO); // the ack is lost: delivered again in the next claim
        continue;
      }
      if (fault == FaultKind.LOSE_LEASE) {
        store.abandonActivity(item, Duration.ZERO); // the lease went to someone else while it ran
      }
      try {
        store.completeActivity(item, result);
      } catch (LeaseLostException e) {
        log.debug("Result of activity '{}' #{} of instance '{}' dropped: {}", item.name(), item.taskId(),
            item.instanceId(), e.getMessage());
      }
      if (plan.reordersResults() && i < order.size() - 1 && random.nextBoolean()) {
        while (generation == generationAtStart && runOneOrchestrationStep()) {
          // the orchestration sees this result before the others of the fan-out
        }
      }
    }
  }

  private StepRecord record(StepKind kind, String instanceId, String name, int taskId) {
    StepRecord step = new StepRecord(steps.size() + 1, kind, instanceId, name, taskId);
    steps.add(step);
    return step;
  }

  private FaultKind planned(StepRecord step) {
    return plan.faultAt(step.number()).filter(k -> k.appliesTo(step.kind())).orElse(null);
  }

  /**
   * The process died: its sessions are gone. A new worker comes up and finds the dead one's leases
   * released at once (same node name, {@link FaultPlan.Recovery#RESTART}) or expired after the virtual
   * clock passed them ({@link FaultPlan.Recovery#LEASE_EXPIRY}, under a new worker id).
   */
  private void restartAfterCrash(SimulatedCrash crash) {
    log.debug("Test worker {} crashed {}; starting another", options.workerId(), crash.getMessage());
    driver.close();
    generation++;
    if (plan.recovery() == FaultPlan.Recovery.RESTART) {
      store.releaseLeasesOf(options.workerId());
    } else {
      Duration longest = options.orchestrationLease().compareTo(options.activityLease()) > 0
          ? options.orchestrationLease() : options.activityLease();
      clock.advance(longest);
      options = options.withWorkerId("testkit-worker-" + generation);
    }
    driver = newDriver();
  }

  @Override
  public void close() {
    driver.close();
  }
}

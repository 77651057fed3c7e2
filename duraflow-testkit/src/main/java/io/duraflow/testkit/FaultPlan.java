package io.duraflow.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Which faults a test run suffers, and where: an immutable value that reproduces a run exactly. Steps are
 * numbered from 1 in the order the environment runs them (see {@link StepRecord}); a fault named for a step
 * of the wrong kind (a {@link FaultKind#DUPLICATE_DELIVERY} at an orchestration step) is not injected.
 *
 * <pre>{@code
 * FaultPlan.seed(1234).crashAt(3, FaultKind.AFTER_ACTIVITY).reorderResults()
 * }</pre>
 *
 * <p>The seed drives every random choice of the run: the order in which concurrent activity results
 * complete when {@link #reorderResults()} is on, and the faults {@link #random} picks. {@link #toString()}
 * prints the plan as the Java expression that rebuilds it, which is what failure reports show.
 */
public final class FaultPlan {
  private static final FaultPlan NONE = new FaultPlan(0, Map.of(), false, Recovery.RESTART);

  /** How a worker killed by a crash fault comes back. */
  public enum Recovery {
    /**
     * A new worker starts at once under the same node name and takes back the dead one's leases, as a
     * node with a {@code nodeId} does at start; no virtual time passes.
     */
    RESTART,
    /** The dead worker's leases expire: the virtual clock moves past them before another worker claims the work. */
    LEASE_EXPIRY
  }

  private final long seed;
  private final Map<Integer, FaultKind> faults;
  private final boolean reorder;
  private final Recovery recovery;

  private FaultPlan(long seed, Map<Integer, FaultKind> faults, boolean reorder, Recovery recovery) {
    this.seed = seed;
    this.faults = Collections.unmodifiableMap(new TreeMap<>(faults));
    this.reorder = reorder;
    this.recovery = recovery;
  }

  /** No faults: the reference run. */
  public static FaultPlan none() {
    return NONE;
  }

  /** A plan with no faults yet whose random choices come from {@code seed}. */
  public static FaultPlan seed(long seed) {
    return new FaultPlan(seed, Map.of(), false, Recovery.RESTART);
  }

  /**
   * A plan whose faults {@code seed} picks: results reordered, and one to three faults of random kinds at
   * random steps among the first {@code steps} (the length of the fault-free run).
   */
  public static FaultPlan random(long seed, List<StepKind> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("A random fault plan needs the steps of a fault-free run; it took none");
    }
    Random random = new Random(seed);
    FaultPlan plan = seed(seed).reorderResults();
    int count = 1 + random.nextInt(3);
    FaultKind[] kinds = FaultKind.values();
    for (int i = 0; i < count; i++) {
      int step = 1 + random.nextInt(steps.size());
      List<FaultKind> fitting = new ArrayList<>();
      for (FaultKind k : kinds) {
        if (k.appliesTo(steps.get(step - 1))) {
          fitting.add(k);
        }
      }
      plan = plan.at(step, fitting.get(random.nextInt(fitting.size())));
    }
    return plan;
  }

  /** This plan with {@code kind} injected at step {@code step} (replacing another fault there). */
  public FaultPlan at(int step, FaultKind kind) {
    if (step < 1) {
      throw new IllegalArgumentException("Steps are numbered from 1; a fault cannot be injected at step " + step);
    }
    Map<Integer, FaultKind> more = new TreeMap<>(faults);
    more.put(step, java.util.Objects.requireNonNull(kind, "kind"));
    return new FaultPlan(seed, more, reorder, recovery);
  }

  /** This plan with a crash of kind {@code kind} at step {@code step}; the same as {@link #at}. */
  public FaultPlan crashAt(int step, FaultKind kind) {
    return at(step, kind);
  }

  /** This plan with the lease of step {@code step} lost. */
  public FaultPlan loseLeaseAt(int step) {
    return at(step, FaultKind.LOSE_LEASE);
  }

  /** This plan with the activity run at step {@code step} delivered twice. */
  public FaultPlan duplicateAt(int step) {
    return at(step, FaultKind.DUPLICATE_DELIVERY);
  }

  /**
   * This plan with concurrent activities (a fan-out) completing in an order the seed shuffles, and the
   * orchestration stepped between some of their results rather than once for all of them.
   */
  public FaultPlan reorderResults() {
    return new FaultPlan(seed, faults, true, recovery);
  }

  /** This plan with crashed workers coming back as {@code value} says (default {@link Recovery#RESTART}). */
  public FaultPlan recovery(Recovery value) {
    return new FaultPlan(seed, faults, reorder, java.util.Objects.requireNonNull(value, "recovery"));
  }

  public long seed() {
    return seed;
  }

  /** The faults by step number, in step order. */
  public Map<Integer, FaultKind> faults() {
    return faults;
  }

  /** The fault planned for step {@code step}, if any. */
  public Optional<FaultKind> faultAt(int step) {
    return Optional.ofNullable(faults.get(step));
  }

  public boolean reordersResults() {
    return reorder;
  }

  public Recovery recovery() {
    return recovery;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultPlan p && p.seed == seed && p.faults.equals(faults) && p.reorder == reorder
        && p.recovery == recovery;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(seed, faults, reorder, recovery);
  }

  /** The Java expression that rebuilds this plan, e.g. {@code FaultPlan.seed(1234).crashAt(3, AFTER_ACTIVITY)}. */
  @Override
  public String toString() {
    if (this.equals(NONE)) {
      return "FaultPlan.none()";
    }
    StringBuilder s = new StringBuilder("FaultPlan.seed(").append(seed).append(')');
    if (reorder) {
      s.append(".reorderResults()");
    }
    faults.forEach((step, kind) -> {
      switch (kind) {
        case LOSE_LEASE -> s.append(".loseLeaseAt(").append(step).append(')');
        case DUPLICATE_DELIVERY -> s.append(".duplicateAt(").append(step).append(')');
        default -> s.append(".crashAt(").append(step).append(", ").append(kind).append(')');
      }
    });
    if (recovery != Recovery.RESTART) {
      s.append(".recovery(").append(recovery).append(')');
    }
    return s.toString();
  }
}

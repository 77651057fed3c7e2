package io.duraflow.worker;

import io.duraflow.store.LeaseState;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances this worker holds leased on the fast path ({@link InstanceHold}), plus the claimed items
 * whose steps are running, and the housekeeping of their leases: renewed while held, and given back as
 * soon as the store reports messages waiting for a held instance (an external event, a terminate request),
 * so those are applied by an ordinary claim without waiting for the local activities to finish.
 */
final class InstanceHolds {
  private static final Logger log = LoggerFactory.getLogger(InstanceHolds.class);

  private final OrchestrationStore store;
  private final WorkerOptions options;
  private final WorkerMetrics metrics;
  private final Map<String, InstanceHold> holds = new ConcurrentHashMap<>();
  private final Map<OrchestrationWorkItem, Long> steppingSince = new ConcurrentHashMap<>();
  private volatile Consumer<InstanceHold> stepper = h -> { };
  private volatile Consumer<InstanceHold.Result> orphanedResults = r -> { };

  InstanceHolds(OrchestrationStore store, WorkerOptions options, WorkerMetrics metrics) {
    this.metrics = metrics;
    this.store = store;
    this.options = options;
  }

  /**
   * @param stepper runs the next steps of a hold on some thread (results arrived while housekeeping had
   *     the turn)
   * @param orphanedResults completes a result through the store when its hold ended before it was stepped
   */
  void bind(Consumer<InstanceHold> stepper, Consumer<InstanceHold.Result> orphanedResults) {
    this.stepper = stepper;
    this.orphanedResults = orphanedResults;
  }

  /** How often held leases are renewed and checked for waiting messages. */
  Duration checkInterval() {
    Duration third = options.orchestrationLease().dividedBy(3);
    Duration second = Duration.ofSeconds(1);
    return third.compareTo(second) < 0 ? (third.isZero() ? Duration.ofMillis(1) : third) : second;
  }

  int size() {
    return holds.size();
  }

  InstanceHold get(String key) {
    return holds.get(key);
  }

  /** Starts holding an instance after a commit kept its lease; a stale hold of the same key ends. */
  InstanceHold hold(String key, OrchestrationWorkItem item) {
    InstanceHold fresh = new InstanceHold(key, item);
    InstanceHold old = holds.put(key, fresh);
    if (old != null) {
      old.release().forEach(orphanedResults);
    }
    return fresh;
  }

  /** Ends a hold (its lease is gone or was given up); returns results it had queued. */
  List<InstanceHold.Result> remove(InstanceHold hold) {
    holds.remove(hold.key(), hold);
    return hold.release();
  }

  /** Asks for the hold to be given back once no step runs for it. */
  void requestRelease(InstanceHold hold) {
    hold.requestRelease();
  }

  /** Gives the lease back now if that was asked for and no step runs. */
  void releaseIfRequested(InstanceHold hold) {
    if (hold.releaseRequested() && hold.tryTurn()) {
      giveBack(hold);
    }
  }

  /** Releases a lease without a commit; it becomes claimable after {@code delay}. */
  void abandon(OrchestrationWorkItem item, Duration delay) {
    try {
      store.abandon(item, delay);
    } catch (RuntimeException e) {
      log.debug("Abandon of instance '{}' failed; its lease will expire", item.instanceId(), e);
    }
  }

  /** A claimed step starts: its lease is renewed if the step runs long. */
  void stepping(OrchestrationWorkItem item) {
    steppingSince.put(item, System.nanoTime());
  }

  void stepped(OrchestrationWorkItem item) {
    steppingSince.remove(item);
  }

  /**
   * Renews the leases of holds (and running steps) older than a check interval, in one store call, and
   * gives back holds whose instance has messages waiting.
   */
  void renewAndCheck() {
    long interval = checkInterval().toNanos();
    long renewSteps = options.orchestrationLease().dividedBy(3).toNanos();
    List<InstanceHold> turns = new ArrayList<>();
    List<OrchestrationWorkItem> items = new ArrayList<>();
    for (InstanceHold h : holds.values()) {
      if (h.heldForNanos() >= interval && h.tryTurn()) {
        turns.add(h);
        items.add(h.item());
      }
    }
    long now = System.nanoTime();
    List<OrchestrationWorkItem> steps = new ArrayList<>();
    steppingSince.forEach((item, since) -> {
      if (now - since >= renewSteps) {
        steps.add(item);
      }
    });
    items.addAll(steps);
    if (items.isEmpty()) {
      return;
    }
    List<LeaseState> states;
    try {
      states = store.renewLeases(items, options.orchestrationLease());
    } catch (RuntimeException e) {
      turns.forEach(this::endTurn);
      throw e;
    }
    for (int i = 0; i < turns.size(); i++) {
      InstanceHold h = turns.get(i);
      LeaseState state = states.get(i);
      if (!state.held()) {
        metrics.leaseLost("orchestration");
        try (LogContext ignored = LogContext.step(h.item())) {
          log.info("Lease of held instance '{}' was lost; another worker continues it", h.item().instanceId());
        }
        remove(h).forEach(orphanedResults);
      } else if (state.messagesWaiting()) {
        giveBack(h);
      } else {
        h.renewed();
        endTurn(h);
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      if (states.get(turns.size() + i).held()) {
        steppingSince.computeIfPresent(steps.get(i), (k, v) -> System.nanoTime());
      }
    }
  }

  private void endTurn(InstanceHold h) {
    if (h.endTurn()) {
      stepper.accept(h); // results arrived while we had the turn; the stepper keeps it
    }
  }

  /** Called with the hold's turn: lets an ordinary claim take the instance (and its waiting messages). */
  private void giveBack(InstanceHold h) {
    remove(h).forEach(orphanedResults);
    abandon(h.item(), Duration.ZERO);
  }

  /** On shutdown: gives every held lease back so another worker can continue at once. */
  void releaseAll() {
    for (InstanceHold h : new ArrayList<>(holds.values())) {
      remove(h).forEach(orphanedResults);
      abandon(h.item(), Duration.ZERO);
    }
  }
}

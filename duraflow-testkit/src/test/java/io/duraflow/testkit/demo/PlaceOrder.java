package io.duraflow.testkit.demo;

import io.duraflow.api.TaskActivity;
import io.duraflow.api.TaskOrchestration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sample with an injected bug that only a crash at one step shows: the Charge activity is not
 * idempotent, so when it runs twice (the worker dies after charging but before the result is recorded,
 * or its acknowledgement is lost) the customer pays twice. Everything else is correct; every fault-free
 * run and every crash at another step passes.
 */
final class PlaceOrder {
  static final String NAME = "PlaceOrder";

  private PlaceOrder() {}

  /** Reserve stock, charge the card, ship: one activity after another. */
  static TaskOrchestration orchestration() {
    return ctx -> {
      String order = ctx.getInput(String.class);
      String reservation = ctx.callActivity("Reserve", order, String.class).await();
      String receipt = ctx.callActivity("Charge", order, String.class).await();
      ctx.callActivity("Ship", order, String.class).await();
      return order + " reserved " + reservation + ", paid " + receipt;
    };
  }

  /** A fake payment provider: what a test records instead of charging a card. */
  static final class Payments {
    private final List<String> charges = new ArrayList<>();
    private final Set<String> seenKeys = ConcurrentHashMap.newKeySet();

    /** The bug: charges on every call. A retried delivery charges again. */
    TaskActivity chargeEveryCall() {
      return ctx -> charge(ctx.getInput(String.class));
    }

    /**
     * The fix: an idempotency key that stays the same on every delivery of this task (instance id and task
     * id; a real provider takes it as a request header) makes a repeated call return the first receipt.
     */
    TaskActivity chargeOnce() {
      return ctx -> {
        String order = ctx.getInput(String.class);
        String key = ctx.getInstanceId() + "#" + ctx.getTaskId();
        return seenKeys.add(key) ? charge(order) : "receipt-" + order;
      };
    }

    private synchronized String charge(String order) {
      charges.add(order);
      return "receipt-" + order;
    }

    synchronized long chargesOf(String order) {
      return charges.stream().filter(order::equals).count();
    }
  }

  /** Reserve and Ship are idempotent by nature here (setting a state, not adding to it). */
  static Map<String, TaskActivity> otherActivities() {
    return Map.of("Reserve", ctx -> "R-" + ctx.getInput(String.class), "Ship", ctx -> "shipped");
  }
}

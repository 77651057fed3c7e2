package io.duraflow.worker;

import io.duraflow.store.OrchestrationStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The task queues a worker was given: stores their cluster-wide limits, and tells each activity claim how
 * much room this node has left per queue (its per-node limit less the items of the queue it holds). The
 * store enforces the rest inside the claim.
 *
 * <p>Only the activity dispatcher thread claims, so the room cannot shrink between this count and the
 * claim; it can only grow as activities finish, which at worst leaves room unused until the next claim.
 */
final class QueueLimits {
  private final Map<String, Integer> perNode = new HashMap<>();

  QueueLimits(List<QueueOptions> queues) {
    for (QueueOptions q : queues) {
      if (q.workerConcurrency() != null) {
        perNode.put(q.name(), q.workerConcurrency());
      }
    }
  }

  /** Stores the queues' cluster-wide limits; called once, before the worker claims. */
  static void define(OrchestrationStore store, List<QueueOptions> queues) {
    queues.forEach(q -> store.defineQueue(q.definition()));
  }

  /** Per queue with a per-node limit, how many more of its items this node may claim now. */
  Map<String, Integer> room(RunningActivities held) {
    if (perNode.isEmpty()) {
      return Map.of();
    }
    Map<String, Integer> room = new HashMap<>();
    Map<String, Integer> counts = held.countByQueue();
    perNode.forEach((queue, limit) -> room.put(queue, Math.max(0, limit - counts.getOrDefault(queue, 0))));
    return room;
  }
}

package io.duraflow.entity;

import java.util.List;

/**
 * What one batch of entity messages did, to be committed in one transaction.
 *
 * @param state the entity's state after the batch (JSON), null when it has none
 * @param lockedBy the orchestration holding the entity's lock after the batch, or null
 * @param consumed indexes (into the batch's message list) of the messages processed; the others were
 *     deferred by a lock and stay queued, in order
 * @param messages messages to send, in the order the operations sent them
 * @param starts orchestrations to start
 * @param operationsRun how many entity operations (signals and calls) ran, failed ones included
 */
public record EntityBatchResult(String state, String lockedBy, List<Integer> consumed, List<EntityMessage> messages,
    List<EntityStart> starts, int operationsRun) {

  public EntityBatchResult {
    consumed = List.copyOf(consumed);
    messages = List.copyOf(messages);
    starts = List.copyOf(starts);
  }
}

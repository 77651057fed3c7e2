package io.duraflow.store;

import java.util.List;

/**
 * The outcome of one entity batch, applied by {@link EntityStore#commitEntityBatch} in one transaction.
 *
 * @param state the new state (JSON), null for none
 * @param lockedBy the lock holder after the batch, or null
 * @param consumed the messages of {@code item} that ran (deleted); the others stay queued
 * @param operationsRun whether any operation ran (the last operation time is then set to the commit time)
 * @param messages messages to deliver: to instances' inboxes, or to entities' queues for {@code @name@key}
 * @param newInstances orchestrations to start; an id held by a non-terminal instance is left alone
 */
public record EntityBatchCommit(EntityWorkItem item, String state, String lockedBy, List<InboxMessage> consumed,
    boolean operationsRun, List<OutboundMessage> messages, List<NewInstance> newInstances) {

  public EntityBatchCommit {
    consumed = List.copyOf(consumed);
    messages = List.copyOf(messages);
    newInstances = List.copyOf(newInstances);
  }
}

package io.duraflow.store;

import io.duraflow.api.EntityInstanceId;
import java.time.Instant;
import java.util.List;

/**
 * A leased entity with a batch of its queued messages.
 *
 * @param lockVersion the row version of the claim; the commit checks it
 * @param messages visible messages in arrival order (at most the claim's batch size)
 * @param claimedAt the store time of the claim: messages visible later were not loaded
 */
public record EntityWorkItem(String taskHub, EntityInstanceId id, String state, String lockedBy, long lockVersion,
    List<InboxMessage> messages, Instant claimedAt) {

  public EntityWorkItem {
    messages = List.copyOf(messages);
  }
}

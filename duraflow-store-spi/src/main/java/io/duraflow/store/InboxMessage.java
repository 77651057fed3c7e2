package io.duraflow.store;

import io.duraflow.history.HistoryEvent;

/**
 * A message in an instance's inbox.
 *
 * @param id store-assigned id, increasing in arrival order
 * @param executionId the execution the message is for, or null for whichever is current
 */
public record InboxMessage(long id, String executionId, HistoryEvent event) {}

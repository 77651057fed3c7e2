package io.duraflow.store;

import io.duraflow.history.HistoryEvent;
import java.time.Instant;

/** A message a step sends: a timer to itself, a result to its parent, events carried over. */
public record OutboundMessage(String taskHub, String instanceId, String executionId, HistoryEvent event, Instant visibleAt) {}

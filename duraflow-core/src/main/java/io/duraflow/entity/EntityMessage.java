package io.duraflow.entity;

import io.duraflow.history.HistoryEvent;
import java.time.Instant;

/**
 * A message an entity batch sends: an answer to an orchestration, a signal or a forwarded lock request to
 * an entity ({@code targetInstanceId} of the form {@code @name@key}).
 *
 * @param executionId the target orchestration's execution, or null for whichever is current
 * @param visibleAt when the message becomes visible, or null for at once
 */
public record EntityMessage(String targetInstanceId, String executionId, HistoryEvent event, Instant visibleAt) {}

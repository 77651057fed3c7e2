package io.duraflow.store;

import io.duraflow.api.EntityInstanceId;
import java.time.Instant;

/**
 * An entity's row.
 *
 * @param state the state as JSON, null when the entity has none (never set, or deleted)
 * @param lastOperationAt when its last operation ran, null when none has run yet
 * @param lockedBy the instance id of the orchestration holding its lock, or null
 * @param backlog how many messages are queued for it
 */
public record EntityRecord(String taskHub, EntityInstanceId id, String state, Instant createdAt,
    Instant lastOperationAt, String lockedBy, int backlog) {}

package io.duraflow.store;

import java.time.Instant;

/**
 * The live leases of one owner (a worker): how many instances and activity work items it holds and when the
 * last of those leases expires unless renewed.
 */
public record LeaseHolder(String owner, int instances, int activities, Instant expiresAt) {}

package io.duraflow.store;

/** What {@link EntityStore#cleanEntityStorage} did. */
public record EntityCleanup(int emptyEntitiesRemoved, int orphanedLocksReleased) {}

package io.duraflow.store;

import java.time.Instant;

/**
 * Which entities {@link EntityStore#queryEntities} lists.
 *
 * @param namePrefix entities whose name starts with this (names are lower case), or null for all
 * @param lastOperationFrom only entities whose last operation ran at or after this, or null
 * @param lastOperationTo only entities whose last operation ran before this, or null
 * @param includeState whether the records carry their state (else it is null)
 * @param includeEmpty whether entities without state are listed (Durable Functions leaves them out)
 * @param pageSize the most entities per page (1..1000)
 * @param continuationToken the previous page's token, or null for the first page
 */
public record EntityQuery(String namePrefix, Instant lastOperationFrom, Instant lastOperationTo, boolean includeState,
    boolean includeEmpty, int pageSize, String continuationToken) {

  public EntityQuery {
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("page size must be between 1 and 1000, got " + pageSize);
    }
  }

  /** All entities with state, 100 per page, with their state. */
  public static EntityQuery all() {
    return new EntityQuery(null, null, null, true, false, 100, null);
  }
}

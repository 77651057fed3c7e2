package io.duraflow.store;

import java.time.Instant;

/**
 * Which entities {@link EntityStore#queryEntities} lists.
 *
 * @param instanceIdStartsWith entities whose instance id {@code @name@key} starts with this, as in
 *     durabletask's entity query: {@code @count} lists names starting with {@code count}, {@code @counter@}
 *     exactly the name {@code counter}, {@code @counter@k} its keys starting with {@code k}; a leading
 *     {@code @} is implied; the name part is matched in lower case; null for all
 * @param lastOperationFrom only entities whose last operation ran at or after this, or null
 * @param lastOperationTo only entities whose last operation ran before this, or null
 * @param includeState whether the records carry their state (else it is null)
 * @param includeEmpty whether entities without state are listed (Durable Functions leaves them out)
 * @param pageSize the most entities per page (1..1000)
 * @param continuationToken the previous page's token, or null for the first page
 */
public record EntityQuery(String instanceIdStartsWith, Instant lastOperationFrom, Instant lastOperationTo, boolean includeState,
    boolean includeEmpty, int pageSize, String continuationToken) {

  public EntityQuery {
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("page size must be between 1 and 1000, got " + pageSize);
    }
  }

  /** Entities named exactly {@code name}, with the other settings of this query. */
  public EntityQuery withName(String name) {
    return new EntityQuery("@" + name.toLowerCase(java.util.Locale.ROOT) + "@", lastOperationFrom, lastOperationTo,
        includeState, includeEmpty, pageSize, continuationToken);
  }

  /** All entities with state, 100 per page, with their state. */
  public static EntityQuery all() {
    return new EntityQuery(null, null, null, true, false, 100, null);
  }
}

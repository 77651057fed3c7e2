package io.duraflow.store;

import io.duraflow.api.OrchestrationRuntimeStatus;
import java.time.Instant;
import java.util.Set;

/**
 * Filters for listing instances; null or empty means no filter.
 *
 * @param pageSize at most this many per page (1..1000)
 * @param continuationToken the token of the previous page, or null for the first page
 * @param name only instances of the orchestration of this exact name
 * @param newestFirst order by creation time, newest first (ties by instance id, descending) instead of
 *     oldest first; a continuation token continues the order of the query that produced it, so pass the
 *     same value with it
 * @param tags only instances carrying every one of these tags (key = value), set at start or by the
 *     orchestration (docs/queues.md); empty for no tag filter
 * @param version only instances that started on this orchestration version (exact text)
 */
public record InstanceQuery(
    Set<OrchestrationRuntimeStatus> runtimeStatus,
    Instant createdFrom,
    Instant createdTo,
    String instanceIdPrefix,
    int pageSize,
    String continuationToken,
    String name,
    boolean newestFirst,
    java.util.Map<String, String> tags,
    String version) {

  /** A query without a tag or version filter. */
  public InstanceQuery(Set<OrchestrationRuntimeStatus> runtimeStatus, Instant createdFrom, Instant createdTo,
      String instanceIdPrefix, int pageSize, String continuationToken, String name, boolean newestFirst) {
    this(runtimeStatus, createdFrom, createdTo, instanceIdPrefix, pageSize, continuationToken, name, newestFirst,
        null, null);
  }

  /** A query without a tag filter. */
  public InstanceQuery(Set<OrchestrationRuntimeStatus> runtimeStatus, Instant createdFrom, Instant createdTo,
      String instanceIdPrefix, int pageSize, String continuationToken, String name, boolean newestFirst,
      String version) {
    this(runtimeStatus, createdFrom, createdTo, instanceIdPrefix, pageSize, continuationToken, name, newestFirst,
        null, version);
  }

  /** A query without a name filter. */
  public InstanceQuery(Set<OrchestrationRuntimeStatus> runtimeStatus, Instant createdFrom, Instant createdTo,
      String instanceIdPrefix, int pageSize, String continuationToken) {
    this(runtimeStatus, createdFrom, createdTo, instanceIdPrefix, pageSize, continuationToken, null);
  }

  /** A query in creation order, oldest first. */
  public InstanceQuery(Set<OrchestrationRuntimeStatus> runtimeStatus, Instant createdFrom, Instant createdTo,
      String instanceIdPrefix, int pageSize, String continuationToken, String name) {
    this(runtimeStatus, createdFrom, createdTo, instanceIdPrefix, pageSize, continuationToken, name, false);
  }

  public InstanceQuery {
    runtimeStatus = runtimeStatus == null ? Set.of() : Set.copyOf(runtimeStatus);
    name = name == null || name.isEmpty() ? null : name;
    tags = tags == null ? java.util.Map.of() : java.util.Map.copyOf(new java.util.TreeMap<>(tags));
    version = version == null || version.isEmpty() ? null : version;
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("pageSize must be between 1 and 1000, was " + pageSize);
    }
  }

  /** This query, filtered to instances that carry all of {@code value} as tags. */
  public InstanceQuery withTags(java.util.Map<String, String> value) {
    return new InstanceQuery(runtimeStatus, createdFrom, createdTo, instanceIdPrefix, pageSize, continuationToken,
        name, newestFirst, value, version);
  }

  /** This query restricted to instances of orchestration version {@code value} (null: any version). */
  public InstanceQuery withVersion(String value) {
    return new InstanceQuery(runtimeStatus, createdFrom, createdTo, instanceIdPrefix, pageSize, continuationToken,
        name, newestFirst, tags, value);
  }
}

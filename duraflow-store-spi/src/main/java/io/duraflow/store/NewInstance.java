package io.duraflow.store;

import io.duraflow.history.ExecutionStarted;
import java.util.Map;
import java.util.Objects;

/**
 * A request to create an instance; {@code started} becomes its first inbox message.
 *
 * @param idReuse what happens when an unfinished instance holds the id (default: the start fails)
 * @param reuseCompleted whether the id of a finished instance may be reused (default true: it is replaced);
 *     when false, the start fails, or with {@link IdReusePolicy#USE_EXISTING} keeps the finished one
 * @param tags the instance's tags (search attributes), empty for none
 * @param queue the task queue whose limits admit its first step (docs/queues.md), or null for none
 * @param priority higher is admitted first within its queue
 */
public record NewInstance(String taskHub, String instanceId, ExecutionStarted started, IdReusePolicy idReuse,
    boolean reuseCompleted, Map<String, String> tags, String queue, int priority) {
  public NewInstance {
    Objects.requireNonNull(taskHub, "taskHub");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(started, "started");
    idReuse = idReuse == null ? IdReusePolicy.FAIL_IF_RUNNING : idReuse;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    tags.forEach(NewInstance::checkTag);
  }

  /** The longest tag key or value. */
  public static final int MAX_TAG_LENGTH = 256;

  /**
   * Checks a tag's key and value (null: the key is to be removed).
   *
   * @throws IllegalArgumentException naming the tag when it is blank, too long or has control characters
   */
  public static void checkTag(String key, String value) {
    if (key == null || key.isBlank() || key.length() > MAX_TAG_LENGTH || key.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("A tag key must be 1-" + MAX_TAG_LENGTH
          + " characters without control characters, was '" + key + "'");
    }
    if (value != null && value.length() > MAX_TAG_LENGTH) {
      throw new IllegalArgumentException("The value of tag '" + key + "' is longer than " + MAX_TAG_LENGTH + " characters");
    }
  }

  /** A request with the default id policy (fail if running, reuse a finished id) and no tags. */
  public NewInstance(String taskHub, String instanceId, ExecutionStarted started) {
    this(taskHub, instanceId, started, IdReusePolicy.FAIL_IF_RUNNING, true, Map.of());
  }

  /** A request outside any task queue. */
  public NewInstance(String taskHub, String instanceId, ExecutionStarted started, IdReusePolicy idReuse,
      boolean reuseCompleted, Map<String, String> tags) {
    this(taskHub, instanceId, started, idReuse, reuseCompleted, tags, null, 0);
  }

  /** Whether this request behaves as a start always did: default id policy, no tags, no queue. */
  public boolean plain() {
    return idReuse == IdReusePolicy.FAIL_IF_RUNNING && reuseCompleted && tags.isEmpty() && queue == null;
  }
}

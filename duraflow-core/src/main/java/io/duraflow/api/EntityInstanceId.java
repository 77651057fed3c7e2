package io.duraflow.api;

import java.util.Locale;
import java.util.Objects;

/**
 * The identity of a durable entity: its {@code name} (the registered entity type, matched
 * case-insensitively as Durable Functions does, so it is kept in lower case) and its {@code key} (which
 * entity of that type, case-sensitive).
 *
 * <p>Messages for an entity travel as messages to the special instance id {@code @name@key}, as in Durable
 * Functions; {@link #toInstanceId()} and {@link #fromInstanceId} convert.
 */
public record EntityInstanceId(String name, String key) implements Comparable<EntityInstanceId> {

  public EntityInstanceId {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    if (name.isBlank()) {
      throw new IllegalArgumentException("entity name must not be blank");
    }
    if (name.indexOf('@') >= 0) {
      throw new IllegalArgumentException("entity name must not contain '@': " + name);
    }
    if (key.isEmpty()) {
      throw new IllegalArgumentException("entity key must not be empty (entity '" + name + "')");
    }
    if (name.chars().anyMatch(Character::isISOControl) || key.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("entity name and key must not contain control characters");
    }
    name = name.toLowerCase(Locale.ROOT);
  }

  /** The instance id that addresses this entity's queue: {@code @name@key}. */
  public String toInstanceId() {
    return "@" + name + "@" + key;
  }

  /** True if {@code instanceId} addresses an entity ({@code @name@key}). */
  public static boolean isEntity(String instanceId) {
    return instanceId != null && instanceId.length() > 2 && instanceId.charAt(0) == '@' && instanceId.indexOf('@', 1) > 1;
  }

  /**
   * The entity addressed by {@code instanceId}.
   *
   * @throws IllegalArgumentException if it is not of the form {@code @name@key}
   */
  public static EntityInstanceId fromInstanceId(String instanceId) {
    if (!isEntity(instanceId)) {
      throw new IllegalArgumentException("not an entity instance id (expected @name@key): " + instanceId);
    }
    int at = instanceId.indexOf('@', 1);
    return new EntityInstanceId(instanceId.substring(1, at), instanceId.substring(at + 1));
  }

  /** Orders by name, then key: the global order in which critical sections acquire their locks. */
  @Override
  public int compareTo(EntityInstanceId o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : key.compareTo(o.key);
  }

  @Override
  public String toString() {
    return toInstanceId();
  }
}

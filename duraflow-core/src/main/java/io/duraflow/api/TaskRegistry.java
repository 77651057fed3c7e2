package io.duraflow.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Orchestrations, activities and entities by name. Build it once at start-up; it is immutable and thread-safe
 * afterwards.
 */
public final class TaskRegistry {
  private final Map<String, TaskOrchestration> orchestrations;
  private final Map<String, TaskActivity> activities;
  private final Map<String, InputCheck> inputChecks;
  private final Map<String, TaskEntity> entities;

  private TaskRegistry(Map<String, TaskOrchestration> orchestrations, Map<String, TaskActivity> activities,
      Map<String, InputCheck> inputChecks, Map<String, TaskEntity> entities) {
    this.entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
    this.orchestrations = Collections.unmodifiableMap(new LinkedHashMap<>(orchestrations));
    this.activities = Collections.unmodifiableMap(new LinkedHashMap<>(activities));
    this.inputChecks = Map.copyOf(inputChecks);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<TaskOrchestration> orchestration(String name) {
    return Optional.ofNullable(orchestrations.get(name));
  }

  public Optional<TaskActivity> activity(String name) {
    return Optional.ofNullable(activities.get(name));
  }

  /** The check of orchestration {@code name}'s input at start, if it registered one. */
  public Optional<InputCheck> inputCheck(String name) {
    return Optional.ofNullable(inputChecks.get(name));
  }

  public Set<String> orchestrationNames() {
    return orchestrations.keySet();
  }

  public Set<String> activityNames() {
    return activities.keySet();
  }

  /** The entity registered as {@code name} (matched case-insensitively, as entity ids are), if any. */
  public Optional<TaskEntity> entity(String name) {
    return Optional.ofNullable(entities.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /** The names of the registered entities, in lower case. */
  public Set<String> entityNames() {
    return entities.keySet();
  }

  /** Collects registrations; a name may be registered once per kind. */
  public static final class Builder {
    private final Map<String, TaskOrchestration> orchestrations = new LinkedHashMap<>();
    private final Map<String, TaskActivity> activities = new LinkedHashMap<>();
    private final Map<String, InputCheck> inputChecks = new LinkedHashMap<>();
    private final Map<String, TaskEntity> entities = new LinkedHashMap<>();

    /**
     * Registers entity {@code name} (case-insensitive: stored in lower case, like {@link EntityInstanceId})
     * whose operations {@code entity} runs.
     */
    public Builder addEntity(String name, TaskEntity entity) {
      Objects.requireNonNull(name, "name");
      new EntityInstanceId(name, "x"); // the same rules as ids: no '@', not blank
      put(entities, name.toLowerCase(java.util.Locale.ROOT), entity, "entity");
      return this;
    }

    /**
     * Registers entity {@code name} run by a plain class (see {@link io.duraflow.entity.ClassEntity}): its
     * public methods are the operations and the object itself is the state.
     */
    public Builder addEntity(String name, Class<?> entityClass) {
      return addEntity(name, new io.duraflow.entity.ClassEntity<>(entityClass));
    }

    public Builder addOrchestration(String name, TaskOrchestration orchestration) {
      put(orchestrations, name, orchestration, "orchestration");
      return this;
    }

    /** An orchestration whose input {@code check} vets when an instance is started (see {@link InputCheck}). */
    public Builder addOrchestration(String name, TaskOrchestration orchestration, InputCheck check) {
      Objects.requireNonNull(check, "check");
      addOrchestration(name, orchestration);
      inputChecks.put(name, check);
      return this;
    }

    public Builder addActivity(String name, TaskActivity activity) {
      put(activities, name, activity, "activity");
      return this;
    }

    /** Adds everything {@code other} registers. */
    public Builder addAll(TaskRegistry other) {
      other.orchestrations.forEach(this::addOrchestration);
      inputChecks.putAll(other.inputChecks);
      other.activities.forEach(this::addActivity);
      other.entities.forEach((n, e) -> addEntity(n, e));
      return this;
    }

    private static <T> void put(Map<String, T> map, String name, T value, String kind) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, kind);
      if (name.isBlank()) {
        throw new IllegalArgumentException(kind + " name must not be blank");
      }
      if (name.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(kind + " name must not contain control characters (line breaks, tabs)");
      }
      if (map.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException(kind + " '" + name + "' is already registered");
      }
    }

    public TaskRegistry build() {
      return new TaskRegistry(orchestrations, activities, inputChecks, entities);
    }
  }
}

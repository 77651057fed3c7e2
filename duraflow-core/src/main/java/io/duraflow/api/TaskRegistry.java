package io.duraflow.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Orchestrations, activities and entities by name. Build it once at start-up; it is immutable and thread-safe
 * afterwards.
 *
 * <p>Versions: an orchestration may be registered in several versions
 * ({@link Builder#addOrchestration(String, String, TaskOrchestration)}). An instance records the version
 * it started with and runs on that version's code until it ends, so old instances finish on old code
 * while new ones start on the <em>default</em> version: the highest one in {@link OrchestrationVersion}'s
 * numeric-aware order ("1.10" after "1.9"), unless {@link Builder#defaultVersion} names another. Code
 * registered without a version runs the instances that recorded none (those started before the name had
 * versions); when a name has no such registration, they run on its default version.
 */
public final class TaskRegistry {
  private final Map<String, TaskOrchestration> orchestrations;
  private final Map<String, TaskActivity> activities;
  private final Map<String, InputCheck> inputChecks;
  /** name -> version -> code, versions in {@link OrchestrationVersion#ORDER}. */
  private final Map<String, TreeMap<String, TaskOrchestration>> versions;
  /** name -> the version new instances get, for every name in {@link #versions}. */
  private final Map<String, String> defaults;
  /** The defaults named explicitly, which {@link Builder#addAll} carries over. */
  private final Map<String, String> pinned;

  private final Map<String, TaskEntity> entities;

  private TaskRegistry(Builder b) {
    this.entities = Collections.unmodifiableMap(new LinkedHashMap<>(b.entities));
    this.orchestrations = Collections.unmodifiableMap(new LinkedHashMap<>(b.orchestrations));
    this.activities = Collections.unmodifiableMap(new LinkedHashMap<>(b.activities));
    this.inputChecks = Map.copyOf(b.inputChecks);
    Map<String, TreeMap<String, TaskOrchestration>> copy = new LinkedHashMap<>();
    Map<String, String> chosen = new LinkedHashMap<>();
    b.versions.forEach((name, byVersion) -> {
      copy.put(name, new TreeMap<>(byVersion));
      String pinned = b.defaults.get(name);
      chosen.put(name, pinned != null ? pinned : byVersion.lastKey());
    });
    this.versions = Collections.unmodifiableMap(copy);
    this.defaults = Map.copyOf(chosen);
    this.pinned = Map.copyOf(b.defaults);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The code a new instance of {@code name} started without a version runs: its default version's. */
  public Optional<TaskOrchestration> orchestration(String name) {
    String version = defaults.get(name);
    return version != null ? Optional.of(versions.get(name).get(version)) : Optional.ofNullable(orchestrations.get(name));
  }

  /**
   * The code an instance of {@code name} that recorded {@code version} runs: that version exactly, or for
   * null (an unversioned instance) the code registered without a version, else the default version.
   * Empty when this registry lacks it: the instance is left for a worker that has it.
   */
  public Optional<TaskOrchestration> orchestration(String name, String version) {
    if (version == null) {
      TaskOrchestration unversioned = orchestrations.get(name);
      return unversioned != null ? Optional.of(unversioned) : orchestration(name);
    }
    TreeMap<String, TaskOrchestration> byVersion = versions.get(name);
    return Optional.ofNullable(byVersion == null ? null : byVersion.get(version));
  }

  /** The version new instances of {@code name} get when the starter names none; empty when unversioned. */
  public Optional<String> defaultVersion(String name) {
    return Optional.ofNullable(defaults.get(name));
  }

  /** The versions of {@code name} registered here, lowest first; empty for an unversioned or unknown name. */
  public SortedSet<String> versions(String name) {
    TreeMap<String, TaskOrchestration> byVersion = versions.get(name);
    return byVersion == null ? Collections.emptySortedSet()
        : Collections.unmodifiableSortedSet(new TreeSet<>(byVersion.navigableKeySet()));
  }

  /**
   * The keys this registry's code claims instances under (see {@link OrchestrationVersion#claimKey}): each
   * name (for unversioned instances) and each {@code name@version}.
   */
  public Set<String> orchestrationClaimKeys() {
    Set<String> keys = new LinkedHashSet<>(orchestrationNames());
    versions.forEach((name, byVersion) ->
        byVersion.keySet().forEach(v -> keys.add(OrchestrationVersion.claimKey(name, v))));
    return Collections.unmodifiableSet(keys);
  }

  public Optional<TaskActivity> activity(String name) {
    return Optional.ofNullable(activities.get(name));
  }

  /** The check of orchestration {@code name}'s input at start (of its default version), if it registered one. */
  public Optional<InputCheck> inputCheck(String name) {
    return inputCheck(name, defaults.get(name));
  }

  /** The check of the input of {@code name} at {@code version} (null: unversioned), if it registered one. */
  public Optional<InputCheck> inputCheck(String name, String version) {
    return Optional.ofNullable(inputChecks.get(OrchestrationVersion.claimKey(name, version)));
  }

  /** The names of all orchestrations, versioned or not. */
  public Set<String> orchestrationNames() {
    Set<String> names = new LinkedHashSet<>(orchestrations.keySet());
    names.addAll(versions.keySet());
    return Collections.unmodifiableSet(names);
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

  /** Collects registrations; a name may be registered once per kind (and an orchestration once per version). */
  public static final class Builder {
    private final Map<String, TaskOrchestration> orchestrations = new LinkedHashMap<>();
    private final Map<String, TaskActivity> activities = new LinkedHashMap<>();
    private final Map<String, InputCheck> inputChecks = new LinkedHashMap<>();
    private final Map<String, TreeMap<String, TaskOrchestration>> versions = new LinkedHashMap<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();
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

    /**
     * Version {@code version} of orchestration {@code name}. Instances that started on it keep running on
     * it; the highest version (see {@link OrchestrationVersion}) is the default for new instances unless
     * {@link #defaultVersion} names another.
     *
     * @throws IllegalArgumentException if this version is already registered, or the version is blank or
     *     contains control characters or '@'
     */
    public Builder addOrchestration(String name, String version, TaskOrchestration orchestration) {
      checkName(name, "orchestration");
      OrchestrationVersion.requireValid(version);
      Map<String, TaskOrchestration> byVersion = versions.computeIfAbsent(name, n -> new TreeMap<>(OrchestrationVersion.ORDER));
      put(byVersion, version, orchestration, "orchestration '" + name + "' version");
      return this;
    }

    /** Like {@link #addOrchestration(String, String, TaskOrchestration)}, with a check of the input at start. */
    public Builder addOrchestration(String name, String version, TaskOrchestration orchestration, InputCheck check) {
      Objects.requireNonNull(check, "check");
      addOrchestration(name, version, orchestration);
      inputChecks.put(OrchestrationVersion.claimKey(name, version), check);
      return this;
    }

    /**
     * Makes {@code version} (registered by {@link #addOrchestration(String, String, TaskOrchestration)}) the
     * version new instances of {@code name} get, instead of the highest: to deploy a new version's code
     * everywhere before any instance uses it, or to roll back.
     */
    public Builder defaultVersion(String name, String version) {
      Objects.requireNonNull(name, "name");
      defaults.put(name, OrchestrationVersion.requireValid(version));
      return this;
    }

    public Builder addActivity(String name, TaskActivity activity) {
      put(activities, name, activity, "activity");
      return this;
    }

    /** Adds everything {@code other} registers. */
    public Builder addAll(TaskRegistry other) {
      addOrchestrationsOf(other);
      other.activities.forEach(this::addActivity);
      other.entities.forEach((n, e) -> addEntity(n, e));
      return this;
    }

    /**
     * Adds {@code other}'s orchestrations, every version with its input check and pinned default, but none
     * of its activities (for a registry that runs the same orchestrations on other activity code).
     */
    public Builder addOrchestrationsOf(TaskRegistry other) {
      other.orchestrations.forEach(this::addOrchestration);
      other.versions.forEach((name, byVersion) -> byVersion.forEach((v, code) -> addOrchestration(name, v, code)));
      defaults.putAll(other.pinned);
      inputChecks.putAll(other.inputChecks);
      return this;
    }

    private static <T> void put(Map<String, T> map, String name, T value, String kind) {
      Objects.requireNonNull(value, kind);
      checkName(name, kind);
      if (map.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException(kind + " '" + name + "' is already registered");
      }
    }

    private static void checkName(String name, String kind) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException(kind + " name must not be blank");
      }
      if (name.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(kind + " name must not contain control characters (line breaks, tabs)");
      }
    }

    /** @throws IllegalArgumentException if a default version names a version that is not registered */
    public TaskRegistry build() {
      defaults.forEach((name, version) -> {
        if (!versions.containsKey(name) || !versions.get(name).containsKey(version)) {
          throw new IllegalArgumentException("default version '" + version + "' of orchestration '" + name
              + "' is not registered; registered: " + (versions.containsKey(name) ? versions.get(name).keySet() : "none"));
        }
      });
      return new TaskRegistry(this);
    }
  }
}

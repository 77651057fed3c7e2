package io.duraflow.client;

import io.duraflow.api.OrchestrationVersion;
import io.duraflow.api.TaskRegistry;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which version a new instance starts on: the one the starter asks for, if this node or a running worker
 * has it, else the default version (this node's registry first, then the highest version running workers
 * announce), else none (an unversioned orchestration).
 */
final class StartVersions {
  private StartVersions() {}

  /**
   * @param liveKeys the claim keys running workers announce (names and name@version), read only when this
   *     node's registry cannot answer (a store query)
   * @return the version, or null for an unversioned start
   * @throws IllegalArgumentException when the asked-for version is not known anywhere
   */
  static String resolve(String name, String requested, TaskRegistry registry, Supplier<Set<String>> liveKeys) {
    if (requested != null) {
      OrchestrationVersion.requireValid(requested);
      if (registry != null && registry.versions(name).contains(requested)) {
        return requested;
      }
      SortedSet<String> known = known(name, registry, liveKeys.get());
      if (!known.contains(requested)) {
        throw new IllegalArgumentException("Orchestration '" + name + "' has no version '" + requested
            + "' here or on a running worker; known versions: " + (known.isEmpty() ? "none (unversioned)" : String.join(", ", known)));
      }
      return requested;
    }
    if (registry != null && registry.orchestration(name).isPresent()) {
      return registry.defaultVersion(name).orElse(null);
    }
    SortedSet<String> known = known(name, registry, liveKeys.get());
    return known.isEmpty() ? null : known.last();
  }

  /** The versions of {@code name} known here or announced by running workers, in version order. */
  static SortedSet<String> known(String name, TaskRegistry registry, Set<String> liveKeys) {
    SortedSet<String> versions = new TreeSet<>(OrchestrationVersion.ORDER);
    if (registry != null) {
      versions.addAll(registry.versions(name));
    }
    String prefix = name + OrchestrationVersion.KEY_SEPARATOR;
    for (String key : liveKeys) {
      if (key.startsWith(prefix)) {
        versions.add(key.substring(prefix.length()));
      }
    }
    return versions;
  }

  /** The orchestration names among claim keys: a name@version key whose name is announced too is no name. */
  static SortedSet<String> names(Set<String> keys) {
    SortedSet<String> names = new TreeSet<>();
    for (String key : keys) {
      int at = key.lastIndexOf(OrchestrationVersion.KEY_SEPARATOR);
      if (at <= 0 || !keys.contains(key.substring(0, at))) {
        names.add(key);
      }
    }
    return names;
  }
}

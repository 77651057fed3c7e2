package io.duraflow.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;

/**
 * The {@code name IN (...)} restriction of a claim to the orchestrations or activities a worker has code
 * for. The SQL depends only on how many names there are, so a worker's claims reuse one prepared
 * statement.
 */
final class NameFilter {
  /** Where a claim's SQL takes the filter. */
  static final String PLACEHOLDER = "/*names*/";

  private NameFilter() {}

  /** {@code sql} with the placeholder replaced by the filter for {@code names} (null: no filter). */
  static String apply(String sql, Set<String> names) {
    return sql.replace(PLACEHOLDER, names == null ? "" : "AND " + nameIn(names));
  }

  /**
   * The instance variant: {@code names} are claim keys (name, or name@version for a versioned instance). It
   * also admits an instance of any name that has a terminate request waiting, since
   * ending it needs no code, and an instance nobody has the code for must still be terminable at once.
   */
  static String applyToInstances(String sql, Set<String> names) {
    String clause = names == null ? "" : "AND (" + nameIn(INSTANCE_KEY, names)
        + " OR EXISTS (SELECT 1 FROM inbox t WHERE t.task_hub = instances.task_hub"
        + " AND t.instance_id = instances.instance_id AND t.event_type = 'ExecutionTerminated'))";
    return sql.replace(PLACEHOLDER, clause);
  }

  /**
   * The instance variant without the terminate exception: only instances whose claim key is in {@code names}
   * (queue admissions, which never hold back a terminate request in the first place).
   */
  static String applyToInstanceKeys(String sql, Set<String> names) {
    return sql.replace(PLACEHOLDER, names == null ? "" : "AND " + nameIn(INSTANCE_KEY, names));
  }

  /**
   * An instance's claim key (see {@code OrchestrationVersion.claimKey}): its name, or name@version when it
   * recorded a version, so that only a worker with that version's code claims it. The claims' order comes
   * from the next_visible_at index; this only filters the rows it yields.
   */
  static final String INSTANCE_KEY =
      "(CASE WHEN orchestration_version IS NULL THEN name ELSE name || '@' || orchestration_version END)";

  /** {@code name IN (?, ...)} with one parameter per name, bound by {@link #bind}. */
  private static String nameIn(Set<String> names) {
    return nameIn("name", names);
  }

  private static String nameIn(String column, Set<String> names) {
    return column + " IN (" + "?, ".repeat(names.size() - 1) + "?)";
  }

  /** Binds the names from {@code index}; returns the next parameter index. */
  static int bind(PreparedStatement ps, int index, Set<String> names) throws SQLException {
    if (names != null) {
      for (String name : names) {
        ps.setString(index++, name);
      }
    }
    return index;
  }

  /** True when the filter admits nothing: a worker without any such code claims nothing. */
  static boolean excludesAll(Set<String> names) {
    return names != null && names.isEmpty();
  }
}

package io.duraflow.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Opens the store a configuration string names, with whichever backend on the class path accepts it (see
 * {@link OrchestrationStoreProvider}).
 */
public final class OrchestrationStores {
  private OrchestrationStores() {}

  /**
   * Opens a store. With the standard backends on the class path ({@code duraflow-store-sqlite},
   * {@code duraflow-store-postgres}):
   *
   * <ul>
   *   <li>null, empty or {@code sqlite}: SQLite, file {@code duraflow.db} in {@code dataDir};
   *   <li>{@code sqlite:<directory>}: SQLite in that directory instead;
   *   <li>{@code jdbc:postgresql://...}, {@code postgresql://...} or {@code postgres://...}: PostgreSQL.
   * </ul>
   *
   * @throws IllegalArgumentException for a spec no backend on the class path accepts
   * @throws IllegalStateException if there is no backend on the class path at all
   * @throws StoreException if the database cannot be opened or migrated
   */
  public static OrchestrationStore open(String storeSpec, Path dataDir, StoreOptions options) {
    Objects.requireNonNull(options, "options");
    String spec = storeSpec == null ? "" : storeSpec.trim();
    List<OrchestrationStoreProvider> providers = providers();
    if (providers.isEmpty()) {
      throw new IllegalStateException("Cannot open " + (spec.isEmpty() ? "the default store" : "store '" + spec + "'")
          + ": no store backend on the class path; add duraflow-store-sqlite or duraflow-store-postgres"
          + " (each lists its " + OrchestrationStoreProvider.class.getName() + " in META-INF/services)");
    }
    for (OrchestrationStoreProvider provider : providers) {
      if (provider.accepts(spec)) {
        return provider.open(spec, dataDir, options);
      }
    }
    throw new IllegalArgumentException("Unknown store '" + storeSpec + "'; use " + describe(providers));
  }

  /** The backends on the class path, the one that opens the default (empty) spec first. */
  private static List<OrchestrationStoreProvider> providers() {
    List<OrchestrationStoreProvider> providers = new ArrayList<>();
    ServiceLoader.load(OrchestrationStoreProvider.class, OrchestrationStores.class.getClassLoader())
        .forEach(providers::add);
    providers.sort(Comparator.comparing(p -> !p.accepts(""))); // stable: otherwise class path order
    return providers;
  }

  /** "A", "A, or B", "A, B, or C". */
  private static String describe(List<OrchestrationStoreProvider> providers) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < providers.size(); i++) {
      if (i > 0) {
        text.append(i == providers.size() - 1 ? ", or " : ", ");
      }
      text.append(providers.get(i).describeSpecs());
    }
    return text.toString();
  }
}

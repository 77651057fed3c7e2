package io.duraflow.store;

import io.duraflow.store.postgres.PostgresOrchestrationStore;
import io.duraflow.store.postgres.PostgresUrls;
import io.duraflow.store.sqlite.SqliteOrchestrationStore;
import java.nio.file.Path;
import java.util.Objects;

/** Opens the store a configuration string names. */
public final class OrchestrationStores {
  private OrchestrationStores() {}

  /**
   * Opens a store.
   *
   * <ul>
   *   <li>null, empty or {@code sqlite}: SQLite, file {@code duraflow.db} in {@code dataDir};
   *   <li>{@code sqlite:<directory>}: SQLite in that directory instead;
   *   <li>{@code jdbc:postgresql://...}, {@code postgresql://...} or {@code postgres://...}: PostgreSQL.
   * </ul>
   *
   * @throws IllegalArgumentException for any other spec
   * @throws StoreException if the database cannot be opened or migrated
   */
  public static OrchestrationStore open(String storeSpec, Path dataDir, StoreOptions options) {
    Objects.requireNonNull(options, "options");
    String spec = storeSpec == null ? "" : storeSpec.trim();
    if (spec.isEmpty() || spec.equalsIgnoreCase("sqlite")) {
      Objects.requireNonNull(dataDir, "dataDir");
      return SqliteOrchestrationStore.open(dataDir, options.clock(), options.sqliteDurability());
    }
    if (spec.startsWith("sqlite:")) {
      return SqliteOrchestrationStore.open(Path.of(spec.substring("sqlite:".length())), options.clock(), options.sqliteDurability());
    }
    if (PostgresUrls.isPostgres(spec)) {
      return PostgresOrchestrationStore.open(spec, options.postgresSchema(), options.postgresPoolSize(), options.clock());
    }
    throw new IllegalArgumentException("Unknown store '" + storeSpec
        + "'; use 'sqlite' (the default, in the data directory), 'sqlite:<directory>',"
        + " or a PostgreSQL URL (postgresql://host:5432/db?user=... or jdbc:postgresql://...)");
  }
}

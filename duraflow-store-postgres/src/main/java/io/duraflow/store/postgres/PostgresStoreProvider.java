package io.duraflow.store.postgres;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStoreProvider;
import io.duraflow.store.StoreOptions;
import java.nio.file.Path;

/**
 * Opens {@link PostgresOrchestrationStore} for the URLs {@link PostgresUrls#isPostgres} accepts
 * ({@code jdbc:postgresql://...}, {@code postgresql://...}, {@code postgres://...}); the data directory is
 * not used. Registered in {@code META-INF/services}.
 */
public final class PostgresStoreProvider implements OrchestrationStoreProvider {

  @Override
  public boolean accepts(String spec) {
    return PostgresUrls.isPostgres(spec);
  }

  @Override
  public OrchestrationStore open(String spec, Path dataDir, StoreOptions options) {
    return PostgresOrchestrationStore.open(spec, options.postgresSchema(), options.postgresPoolSize(), options.clock());
  }

  @Override
  public String describeSpecs() {
    return "a PostgreSQL URL (postgresql://host:5432/db?user=... or jdbc:postgresql://...)";
  }
}

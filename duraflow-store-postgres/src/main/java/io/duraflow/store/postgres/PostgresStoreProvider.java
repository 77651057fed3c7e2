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
  /** Setting: maximum pooled connections (default {@value PostgresOrchestrationStore#DEFAULT_POOL_SIZE}). */
  public static final String POOL_SIZE = "postgres.pool-size";
  /** Setting: lower-case schema for the tables (default: the connection's default schema). */
  public static final String SCHEMA = "postgres.schema";

  @Override
  public boolean accepts(String spec) {
    return PostgresUrls.isPostgres(spec);
  }

  @Override
  public OrchestrationStore open(String spec, Path dataDir, StoreOptions options) {
    return PostgresOrchestrationStore.open(spec, options.setting(SCHEMA, null), poolSize(options), options.clock());
  }

  /** The {@value #POOL_SIZE} setting of {@code options}. */
  public static int poolSize(StoreOptions options) {
    String value = options.setting(POOL_SIZE, String.valueOf(PostgresOrchestrationStore.DEFAULT_POOL_SIZE));
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PostgreSQL pool size '" + value + "' is not a number");
    }
  }

  @Override
  public String describeSpecs() {
    return "a PostgreSQL URL (postgresql://host:5432/db?user=... or jdbc:postgresql://...)";
  }
}

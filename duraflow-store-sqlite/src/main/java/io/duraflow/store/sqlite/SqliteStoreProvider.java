package io.duraflow.store.sqlite;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStoreProvider;
import io.duraflow.store.StoreOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens {@link SqliteOrchestrationStore} for the default spec (empty), {@code sqlite} (file
 * {@value SqliteOrchestrationStore#FILE_NAME} in the data directory) and {@code sqlite:<directory>}.
 * Registered in {@code META-INF/services}.
 */
public final class SqliteStoreProvider implements OrchestrationStoreProvider {
  /** Setting: {@code full} (default) or {@code normal}, see {@link SqliteDurability}. */
  public static final String DURABILITY = "sqlite.durability";
  private static final String PREFIX = "sqlite:";

  @Override
  public boolean accepts(String spec) {
    return spec.isEmpty() || spec.equalsIgnoreCase("sqlite") || spec.startsWith(PREFIX);
  }

  @Override
  public OrchestrationStore open(String spec, Path dataDir, StoreOptions options) {
    Path dir;
    if (spec.startsWith(PREFIX)) {
      dir = Path.of(spec.substring(PREFIX.length()));
    } else {
      dir = Objects.requireNonNull(dataDir, "dataDir");
    }
    return SqliteOrchestrationStore.open(dir, options.clock(), durability(options));
  }

  /** The {@value #DURABILITY} setting of {@code options}. */
  public static SqliteDurability durability(StoreOptions options) {
    String value = options.setting(DURABILITY, "full");
    try {
      return SqliteDurability.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SQLite durability '" + value + "' is not one of: full, normal");
    }
  }

  @Override
  public String describeSpecs() {
    return "'sqlite' (the default, in the data directory), 'sqlite:<directory>'";
  }
}

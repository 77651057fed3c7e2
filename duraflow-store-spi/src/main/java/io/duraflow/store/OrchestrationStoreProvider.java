package io.duraflow.store;

import java.nio.file.Path;

/**
 * A store backend, as {@link OrchestrationStores#open} finds it: each backend module lists its provider
 * in {@code META-INF/services/io.duraflow.store.OrchestrationStoreProvider}, and {@link java.util.ServiceLoader}
 * loads it from the class path.
 *
 * <p>A provider is stateless and thread-safe; it is instantiated (public no-argument constructor) on each
 * {@code open}. The specs that providers on one class path accept must not overlap: {@code open} uses the
 * first provider that accepts a spec.
 */
public interface OrchestrationStoreProvider {

  /**
   * Whether this backend opens {@code spec}.
   *
   * @param spec the store spec, trimmed and never null; empty when none was configured (the default store)
   */
  boolean accepts(String spec);

  /**
   * Opens (creating or migrating as needed) the store {@code spec} names; called only if
   * {@link #accepts} returned true for it.
   *
   * @param spec as passed to {@link #accepts}
   * @param dataDir the node's data directory; may be null, and a provider that needs it for this spec checks
   * @throws StoreException if the database cannot be opened or migrated
   */
  OrchestrationStore open(String spec, Path dataDir, StoreOptions options);

  /**
   * The specs this backend accepts, for the error message about an unknown spec, e.g. {@code a PostgreSQL
   * URL (postgresql://host:5432/db?user=...)}; {@code OrchestrationStores} joins the descriptions of all
   * providers into "use A, B, or C".
   */
  String describeSpecs();
}

package io.duraflow.store;

import java.time.Clock;
import java.util.Objects;

/**
 * Settings for {@link OrchestrationStores#open}; start from {@link #defaults()} and change what you need.
 *
 * @param clock source of every timestamp the store writes (default: system UTC clock)
 * @param sqliteDurability SQLite commit durability (default {@link SqliteDurability#FULL})
 * @param postgresPoolSize maximum pooled PostgreSQL connections (default {@value #DEFAULT_POSTGRES_POOL_SIZE})
 * @param postgresSchema PostgreSQL schema for the tables, or null for the connection's default
 */
public record StoreOptions(Clock clock, SqliteDurability sqliteDurability, int postgresPoolSize, String postgresSchema) {

  /** Default maximum number of pooled PostgreSQL connections. */
  public static final int DEFAULT_POSTGRES_POOL_SIZE = 10;

  public StoreOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sqliteDurability, "sqliteDurability");
    if (postgresPoolSize < 1) {
      throw new IllegalArgumentException("postgresPoolSize must be positive, was " + postgresPoolSize);
    }
  }

  /** System clock, FULL durability, 10 connections, default schema. */
  public static StoreOptions defaults() {
    return new StoreOptions(
        Clock.systemUTC(), SqliteDurability.FULL, DEFAULT_POSTGRES_POOL_SIZE, null);
  }

  public StoreOptions withClock(Clock clock) {
    return new StoreOptions(clock, sqliteDurability, postgresPoolSize, postgresSchema);
  }

  public StoreOptions withSqliteDurability(SqliteDurability durability) {
    return new StoreOptions(clock, durability, postgresPoolSize, postgresSchema);
  }

  public StoreOptions withPostgresPoolSize(int poolSize) {
    return new StoreOptions(clock, sqliteDurability, poolSize, postgresSchema);
  }

  public StoreOptions withPostgresSchema(String schema) {
    return new StoreOptions(clock, sqliteDurability, postgresPoolSize, schema);
  }
}

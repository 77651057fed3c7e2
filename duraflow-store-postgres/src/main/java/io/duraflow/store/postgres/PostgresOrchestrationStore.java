package io.duraflow.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.duraflow.store.NodeIdentity;
import io.duraflow.store.StoreException;
import io.duraflow.store.StoreOptions;
import io.duraflow.store.jdbc.JdbcOrchestrationStore;
import io.duraflow.store.jdbc.PooledTransactionRunner;
import io.duraflow.store.jdbc.StoreErrors;
import io.duraflow.store.jdbc.WorkListeners;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The multi-node store on PostgreSQL: any number of nodes share one database; claims use
 * {@code FOR UPDATE SKIP LOCKED}, and commits that add work wake the other nodes' workers with
 * {@code NOTIFY} (see {@link NotificationListener}).
 *
 * <p>Open with {@link #open(String, String, int, Clock)}. The URL may be a JDBC URL or a libpq URI (see
 * {@link PostgresUrls}). With a schema name, all tables live in that schema (created if missing), which
 * isolates several task-hub databases or tests in one PostgreSQL database. The schema is created or
 * migrated (Flyway, {@code db/migration/postgresql}) on open; concurrent opens serialise on Flyway's lock.
 *
 * <p>The pool (HikariCP) waits at most 5 s for a connection, so calls fail fast with a
 * {@link StoreException} while the database is down and succeed again, without a restart, once it is back.
 * Thread-safe.
 */
public final class PostgresOrchestrationStore extends JdbcOrchestrationStore {

  /** Default maximum number of pooled connections. */
  public static final int DEFAULT_POOL_SIZE = 10;

  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final NotificationListener notifications;
  private final String jdbcUrl;
  private final Properties connectionProperties;
  private final String schema;

  private PostgresOrchestrationStore(PostgresDialect dialect, PooledTransactionRunner runner, WorkListeners listeners,
      Clock clock, String description, NotificationListener notifications, String jdbcUrl,
      Properties connectionProperties, String schema) {
    super(dialect, runner, listeners, clock, description);
    this.notifications = notifications;
    this.jdbcUrl = jdbcUrl;
    this.connectionProperties = connectionProperties;
    this.schema = schema;
    notifications.completionsTo(completionListeners());
  }

  /** A session advisory lock on a connection of its own: exclusive among all nodes of this database and schema. */
  @Override
  public Optional<NodeIdentity> lockNodeIdentity(String nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    Properties props = new Properties();
    props.putAll(connectionProperties);
    props.setProperty("ApplicationName", connectionProperties.getProperty("ApplicationName") + "-node");
    return AdvisoryNodeIdentity.tryLock(jdbcUrl, props, schema == null ? "" : schema, nodeId);
  }

  /** Other nodes' clients may be waiting for this instance: tell them through NOTIFY. */
  @Override
  protected void announceCompletion(String taskHub, String instanceId) {
    notifications.publishCompletion(taskHub, instanceId);
  }

  /** Opens the store in the connection's default schema with the default pool size. */
  public static PostgresOrchestrationStore open(String url, Clock clock) {
    return open(url, null, DEFAULT_POOL_SIZE, clock);
  }

  /**
   * Opens the store, creating or migrating its tables.
   *
   * @param url {@code jdbc:postgresql://...} or {@code postgresql://[user[:password]@]host[:port]/db?...}
   * @param schema lower-case schema name for the tables, or null for the connection's default
   * @param poolSize maximum pooled connections (one more is used for LISTEN)
   * @throws StoreException if the database cannot be reached or migrated
   * @throws IllegalArgumentException for a malformed URL or schema name
   */
  public static PostgresOrchestrationStore open(String url, String schema, int poolSize, Clock clock) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(clock, "clock");
    if (schema != null && !SCHEMA_NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException("Invalid PostgreSQL schema name '" + schema
          + "'; use lower-case letters, digits and '_', starting with a letter or '_'");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be positive, was " + poolSize);
    }
    PostgresUrls.Target target = PostgresUrls.parse(url);
    Properties props = new Properties();
    props.putAll(target.properties());
    if (!target.jdbcUrl().contains("reWriteBatchedInserts")) {
      props.setProperty("reWriteBatchedInserts", "true"); // history/activity batches become multi-row INSERTs
    }
    if (schema != null && !target.jdbcUrl().contains("currentSchema")) {
      props.setProperty("currentSchema", schema);
    }
    // Per schema, so that an operator (or a test) can tell the stores' connections apart.
    props.putIfAbsent("ApplicationName", "duraflow" + (schema == null ? "" : "-" + schema));

    HikariConfig config = new HikariConfig();
    config.setPoolName("duraflow-pg" + (schema == null ? "" : "-" + schema));
    config.setJdbcUrl(target.jdbcUrl());
    config.setDataSourceProperties(props);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize));
    config.setAutoCommit(false);
    config.setConnectionTimeout(5_000);
    config.setValidationTimeout(2_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw StoreErrors.wrap("connect to PostgreSQL at " + target.redacted(), null, e);
    }
    try {
      FluentConfiguration flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration/postgresql");
      if (schema != null) {
        flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
      }
      flyway.load().migrate();
      WorkListeners listeners = new WorkListeners(schema == null ? target.redacted() : schema);
      PostgresDialect dialect = new PostgresDialect();
      Properties listenProps = new Properties();
      listenProps.putAll(props);
      listenProps.setProperty("ApplicationName", props.getProperty("ApplicationName") + "-listen");
      NotificationListener notifications =
          new NotificationListener(target.jdbcUrl(), listenProps, schema, listeners, pool);
      PooledTransactionRunner runner = new PooledTransactionRunner(pool, clock, listeners, notifications::publish, pool);
      String description = "postgresql:" + target.redacted() + (schema == null ? "" : " schema=" + schema);
      return new PostgresOrchestrationStore(dialect, runner, listeners, clock, description, notifications,
          target.jdbcUrl(), props, schema);
    } catch (RuntimeException e) {
      pool.close();
      if (e instanceof StoreException se) {
        throw se;
      }
      throw StoreErrors.wrap("open PostgreSQL store at " + target.redacted(), null, e);
    }
  }

  @Override
  public void close() {
    try {
      notifications.close();
    } finally {
      super.close();
    }
  }
}

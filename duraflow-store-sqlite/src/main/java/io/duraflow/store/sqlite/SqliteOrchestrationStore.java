package io.duraflow.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.duraflow.store.NodeIdentity;
import io.duraflow.store.StoreException;
import io.duraflow.store.StoreHealth;
import io.duraflow.store.jdbc.JdbcOrchestrationStore;
import io.duraflow.store.jdbc.StoreErrors;
import io.duraflow.store.jdbc.WorkListeners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The single-node store: one SQLite file {@code duraflow.db} in a data directory, in WAL mode.
 *
 * <p>Writes (claims included) go through a {@link GroupCommitWriter}: one thread, one connection, many
 * callers' writes per fsync'd transaction. Reads use a small pool of read-only connections. Durability is
 * {@link SqliteDurability#FULL} unless configured otherwise. Meant for one process per file: a second
 * process (or store) on the same file stays correct, since {@code BEGIN IMMEDIATE} serialises their write
 * transactions, but waits for the file lock and is not woken by the other's work listeners; use PostgreSQL
 * for several nodes.
 *
 * <p>Open with {@link #open(Path, Clock, SqliteDurability)}; the schema is created or migrated (Flyway,
 * {@code db/migration/sqlite}) on open. Thread-safe.
 */
public final class SqliteOrchestrationStore extends JdbcOrchestrationStore {

  /** The database file's name inside the data directory. */
  public static final String FILE_NAME = "duraflow.db";

  private static final int READ_POOL_SIZE = 4;
  private static final int BUSY_TIMEOUT_MS = 10_000;

  private final HikariDataSource readers;
  private final GroupCommitWriter writer;
  private final Path file;

  private SqliteOrchestrationStore(GroupCommitWriter writer, HikariDataSource readers, WorkListeners listeners,
      Clock clock, String description, Path file) {
    super(new SqliteDialect(), writer, listeners, clock, description);
    this.readers = readers;
    this.writer = writer;
    this.file = file;
  }

  /** A lock file beside the database: exclusive among all processes that open this database. */
  @Override
  public Optional<NodeIdentity> lockNodeIdentity(String nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    return FileNodeIdentity.tryLock(file, nodeId);
  }

  /**
   * Unhealthy while writes fail for lack of space (SQLITE_FULL) or by disk errors (SQLITE_IOERR), with a
   * message saying so; healthy again after a write commits. While unhealthy, a call runs a small probe write
   * at most once a second, so the store reports its recovery even when nothing else writes.
   */
  @Override
  public StoreHealth health() {
    return writer.health();
  }

  /** The group-commit writer, for tests in this package (e.g. to cap the database's size). */
  GroupCommitWriter writer() {
    return writer;
  }

  /** Atomic write operations committed so far (claims, commits, completions...): what a server database would run as transactions. */
  public long committedWrites() {
    return writer.writes();
  }

  /** SQLite transactions committed so far; group commit puts several writes in each. */
  public long committedTransactions() {
    return writer.transactions();
  }

  /** Writes, transactions and time spent, in one line for logs and benchmarks. */
  public String writerStatistics() {
    return writer.statistics();
  }

  /** Opens (creating if needed) {@code dataDir/duraflow.db} with full durability. */
  public static SqliteOrchestrationStore open(Path dataDir, Clock clock) {
    return open(dataDir, clock, SqliteDurability.FULL);
  }

  /**
   * Opens (creating the directory and the database if needed) {@code dataDir/duraflow.db}.
   *
   * @throws StoreException if the directory or database cannot be created or opened
   */
  public static SqliteOrchestrationStore open(Path dataDir, Clock clock, SqliteDurability durability) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(durability, "durability");
    Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
    String url = "jdbc:sqlite:" + file;
    if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
      throw new StoreException("The data directory " + dataDir + " is a file, not a directory; pass another --data", null);
    }
    try {
      Files.createDirectories(dataDir);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new StoreException("Could not create the data directory " + dataDir + ": permission denied", e);
    } catch (IOException e) {
      throw new StoreException("Could not create the data directory " + dataDir + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(dataDir) || (Files.exists(file) && !Files.isWritable(file))) {
      throw new StoreException("The data directory " + dataDir.toAbsolutePath() + " (or its " + FILE_NAME
          + ") is not writable by this user; fix its permissions or pass another --data", null);
    }
    Connection writeConnection = null;
    HikariDataSource readers = null;
    try {
      SQLiteConfig writeConfig = baseConfig();
      writeConfig.setSynchronous(durability == SqliteDurability.FULL ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
      writeConnection = writeConfig.createConnection(url);
      try (Statement st = writeConnection.createStatement()) {
        st.execute("PRAGMA journal_mode = WAL"); // persistent in the file; readers inherit it
      }
      SQLiteDataSource migrationSource = new SQLiteDataSource(baseConfig());
      migrationSource.setUrl(url);
      Flyway.configure()
          .dataSource(migrationSource)
          .locations("classpath:db/migration/sqlite")
          .load()
          .migrate();

      SQLiteConfig readConfig = baseConfig();
      SQLiteDataSource readSource = new SQLiteDataSource(readConfig);
      readSource.setUrl(url);
      HikariConfig pool = new HikariConfig();
      pool.setPoolName("duraflow-sqlite-read");
      pool.setDataSource(readSource);
      pool.setMaximumPoolSize(READ_POOL_SIZE);
      pool.setMinimumIdle(1);
      pool.setConnectionTimeout(5_000);
      pool.setConnectionInitSql("PRAGMA query_only = true");
      readers = new HikariDataSource(pool);

      WorkListeners listeners = new WorkListeners(file.toString());
      GroupCommitWriter writer = new GroupCommitWriter(
          writeConnection, () -> writeConfig.createConnection(url), file, readers, clock, listeners);
      return new SqliteOrchestrationStore(writer, readers, listeners, clock, "sqlite:" + file + " (synchronous=" + durability + ")",
          file);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(writeConnection);
      if (readers != null) {
        readers.close();
      }
      if (e instanceof StoreException se) {
        throw se;
      }
      throw StoreErrors.wrap("open SQLite database " + file, null, e);
    }
  }

  private static SQLiteConfig baseConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    return config;
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing
      }
    }
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      readers.close();
    }
  }
}

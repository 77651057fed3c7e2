package io.duraflow.app;

import io.duraflow.engine.DuraflowEngine;
import io.duraflow.server.NodeName;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.postgres.PostgresStoreProvider;
import io.duraflow.store.sqlite.SqliteDurability;
import io.duraflow.store.sqlite.SqliteStoreProvider;
import io.duraflow.store.StoreOptions;
import io.duraflow.store.sqlite.SqliteOrchestrationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where state lives: shared by every command that opens the store. */
public final class StoreOptionsMixin {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${DURAFLOW_DATA:-./duraflow-data}",
      description = "Data directory: the SQLite file and the master key (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--store", paramLabel = "URL", defaultValue = "${DURAFLOW_STORE}",
      description = "State store: omit for embedded SQLite in --data; postgresql://HOST:PORT/DB?user=.. or a jdbc:postgresql: URL for PostgreSQL.")
  String store;

  @Option(names = "--durability", paramLabel = "LEVEL", defaultValue = "FULL",
      description = "SQLite durability: FULL (an acknowledged change survives power loss; default) or NORMAL (survives a process crash only, faster).")
  SqliteDurability durability;

  @Option(names = "--pool-size", paramLabel = "N", defaultValue = "10",
      description = "PostgreSQL connections per node (default: ${DEFAULT-VALUE}); see docs/operations.md for sizing.")
  int poolSize;

  @Option(names = "--task-hub", paramLabel = "NAME", defaultValue = "${DURAFLOW_TASK_HUB:-" + DuraflowEngine.DEFAULT_TASK_HUB + "}",
      description = "Default task hub (default: ${DEFAULT-VALUE}).")
  String taskHub;

  @Option(names = "--node-id", paramLabel = "NAME", defaultValue = "${DURAFLOW_NODE_ID}",
      description = "This node's stable name, the same after a restart: a node restarted after a crash takes back"
          + " the work it held at once instead of after the lease time. Default: kept in DIR/" + NodeName.FILE_NAME
          + " (made on first start); give each node its own.")
  String nodeId;

  OrchestrationStore open() {
    return OrchestrationStores.open(store, dataDir, storeOptions());
  }

  /** The backend settings these options give (durability, pool size). */
  StoreOptions storeOptions() {
    return StoreOptions.defaults()
        .with(SqliteStoreProvider.DURABILITY, durability).with(PostgresStoreProvider.POOL_SIZE, poolSize);
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** The default task hub. */
  public String taskHub() {
    return taskHub;
  }

  /** Opens the store for a command that only reads: an embedded store must already exist. */
  public OrchestrationStore openExisting() {
    if ((store == null || store.isBlank()) && !Files.exists(dataDir.resolve(SqliteOrchestrationStore.FILE_NAME))) {
      throw new IllegalArgumentException("No Duraflow data in " + dataDir.toAbsolutePath()
          + " (no " + SqliteOrchestrationStore.FILE_NAME + "); check --data or --store");
    }
    return open();
  }
}

package io.duraflow.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where an instance command acts: a running server ({@code --url}, {@code --key}) or, without one, the
 * store of a data directory or {@code --store} directly.
 */
public final class TargetOptions {
  @Option(names = "--url", paramLabel = "URL", defaultValue = "${DURAFLOW_URL}",
      description = "A running server's base URL, e.g. http://127.0.0.1:7071 (env DURAFLOW_URL). Without it the"
          + " command works on the store of --data or --store directly.")
  String url;

  @Option(names = "--key", paramLabel = "KEY", defaultValue = "${DURAFLOW_KEY}",
      description = "The server's master key (env DURAFLOW_KEY; default with --url: DIR/master.key when present).")
  String key;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${DURAFLOW_DATA:-./duraflow-data}",
      description = "Data directory of the embedded store (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--store", paramLabel = "URL", defaultValue = "${DURAFLOW_STORE}",
      description = "A PostgreSQL store (postgresql://HOST:PORT/DB?user=..) instead of the data directory.")
  String store;

  @Option(names = "--task-hub", paramLabel = "NAME", defaultValue = "${DURAFLOW_TASK_HUB}",
      description = "Task hub (default: the server's, or DuraflowHub).")
  String taskHub;

  /** The service for these options; the caller closes it. */
  public InstanceService open() {
    if (url != null && !url.isBlank()) {
      return new HttpInstanceService(url, key != null ? key : keyFromDataDir(), taskHub);
    }
    boolean embedded = store == null || store.isBlank();
    if (embedded && !Files.exists(dataDir.resolve("duraflow.db"))) {
      throw new CliException("No Duraflow data in " + dataDir.toAbsolutePath()
          + "; pass --data DIR, --store URL, or --url to reach a running server", ExitCodes.USAGE);
    }
    return new LocalInstanceService(io.duraflow.store.OrchestrationStores.open(embedded ? null : store, dataDir,
        io.duraflow.store.StoreOptions.defaults()), taskHub == null ? "DuraflowHub" : taskHub);
  }

  private String keyFromDataDir() {
    Path file = dataDir.resolve("master.key");
    try {
      return Files.exists(file) ? Files.readString(file).strip() : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}

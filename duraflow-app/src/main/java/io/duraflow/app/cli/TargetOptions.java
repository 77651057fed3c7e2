package io.duraflow.app.cli;

import io.duraflow.app.StoreOptionsMixin;
import io.duraflow.http.MasterKey;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where an instance command acts: a running server ({@code --url}, {@code --key}) or, without one, the
 * store of a data directory or {@code --store} directly (the same options as {@code serve}).
 */
public final class TargetOptions {
  @Option(names = "--url", paramLabel = "URL", defaultValue = "${DURAFLOW_URL}",
      description = "A running server's base URL, e.g. http://127.0.0.1:7071 (env DURAFLOW_URL). Without it the"
          + " command works on the store of --data or --store directly.")
  String url;

  @Option(names = "--key", paramLabel = "KEY", defaultValue = "${DURAFLOW_KEY}",
      description = "The server's master key (env DURAFLOW_KEY; default with --url: DIR/master.key when present).")
  String key;

  @Mixin StoreOptionsMixin store;

  /** True when the command goes to a running server. */
  public boolean remote() {
    return url != null && !url.isBlank();
  }

  /** The store options (for a command that also runs a worker here). */
  public StoreOptionsMixin storeOptions() {
    return store;
  }

  /** The service for these options; the caller closes it. */
  public InstanceService open() {
    if (remote()) {
      return new HttpInstanceService(url, key != null ? key : keyFromDataDir(), store.taskHub());
    }
    try {
      return new LocalInstanceService(store.openExisting(), store.taskHub());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage() + ", or --url to reach a running server", ExitCodes.USAGE);
    } catch (io.duraflow.store.StoreException e) {
      throw new CliException(e.getMessage(), ExitCodes.UNAVAILABLE);
    }
  }

  private String keyFromDataDir() {
    try {
      return MasterKey.existing(store.dataDir()).orElse(null);
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      return null; // the server will answer 401, which says what to pass
    }
  }
}

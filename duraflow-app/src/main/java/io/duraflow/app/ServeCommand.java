package io.duraflow.app;

import io.duraflow.faces.FaceOptions;
import io.duraflow.http.HttpServerOptions;
import io.duraflow.http.MasterKey;
import io.duraflow.server.DuraflowServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a node: worker plus HTTP API. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run a Duraflow node: the worker and the Durable Functions compatible HTTP API.")
final class ServeCommand implements Callable<Integer> {
  @Mixin StoreOptionsMixin storeOptions;

  @Option(names = "--port", defaultValue = "${DURAFLOW_PORT:-7071}", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String host;

  @Option(names = "--key", defaultValue = "${DURAFLOW_KEY}",
      description = "Master key for the API (env DURAFLOW_KEY). Default: generated on first start and kept in DIR/master.key.")
  String key;

  @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "Largest accepted request body (default: ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = "--max-json-depth", defaultValue = "" + HttpServerOptions.DEFAULT_MAX_JSON_DEPTH,
      description = "Deepest nesting of arrays and objects accepted in a request body; deeper answers 400"
          + " (default: ${DEFAULT-VALUE}, at most " + HttpServerOptions.MAX_JSON_DEPTH + ").")
  int maxJsonDepth;

  @Option(names = "--http-idle-timeout", defaultValue = "30",
      description = "Seconds a connection may send nothing, also while its request body is awaited, before it is closed"
          + " (default: ${DEFAULT-VALUE}).")
  long idleTimeoutSeconds;

  @Option(names = "--min-request-data-rate", defaultValue = "" + HttpServerOptions.DEFAULT_MIN_REQUEST_DATA_RATE,
      description = "Bytes per second a request body must arrive at; a slower one is cut off with 408; 0 disables"
          + " (default: ${DEFAULT-VALUE}).")
  long minRequestDataRate;

  @Option(names = "--max-concurrent-body-reads", defaultValue = "" + HttpServerOptions.DEFAULT_MAX_CONCURRENT_BODY_READS,
      description = "Request bodies read at once; a request beyond it answers 503 with Retry-After at once"
          + " (default: ${DEFAULT-VALUE}).")
  int maxConcurrentBodyReads;

  @Mixin ImageUrlOptionsMixin imageUrls;

  @Option(names = "--activity-concurrency", defaultValue = "64", description = "Activities run at once (default: ${DEFAULT-VALUE}).")
  int activityConcurrency;

  @Option(names = "--no-worker", description = "Serve the API only; other nodes run the orchestrations.")
  boolean noWorker;

  @Option(names = "--no-fast-path", description = "Send every activity result through the store's inbox and every"
      + " step through a claim, instead of running an instance's activities and next steps on the node that holds it.")
  boolean noFastPath;

  @Option(names = "--trust-forwarded-headers",
      description = "Build the URIs in answers from a reverse proxy's Forwarded / X-Forwarded-Proto, -Host, -Prefix"
          + " headers (https://public-host/... behind a TLS proxy). Only when clients reach this server through the proxy alone.")
  boolean trustForwardedHeaders;

  @Option(names = "--metrics-public",
      description = "Serve GET /metrics (Prometheus format) without the key, for a scraper that cannot send one."
          + " By default it needs the key, as the management API does.")
  boolean metricsPublic;

  @Option(names = "--plugins", paramLabel = "DIR",
      description = "Load orchestrations and activities from the jars in DIR: each lists its"
          + " io.duraflow.api.WorkflowProvider classes in META-INF/services (see docs/operations.md, Hosting).")
  java.nio.file.Path plugins;

  @Option(names = "--missing-code-grace-seconds", paramLabel = "S", defaultValue = "300",
      description = "How long work that no running node has the code for waits for such a node before it fails"
          + " (default: ${DEFAULT-VALUE}; 0 fails it as soon as it is seen).")
  long missingCodeGraceSeconds;

  @Option(names = "--otlp-endpoint", paramLabel = "URL",
      description = "Export OpenTelemetry traces (a span per orchestration step and activity execution) over OTLP/HTTP"
          + " to this collector base URL, e.g. http://localhost:4318. Default: off, unless the standard"
          + " OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER environment variables turn it on.")
  String otlpEndpoint;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    checkHttpOptions();
    FaceOptions faces = imageUrls.faceOptions();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndWaitForClose, "duraflow-shutdown"));
    // Binds the port before the worker starts: a port in use fails here, before any work is taken.
    try (DuraflowServer server = DuraflowServer.builder(Registries.withPlugins(faces, Plugins.loader(plugins)).build())
        .dataDir(storeOptions.dataDir).store(storeOptions.store).storeOptions(storeOptions.storeOptions())
        .taskHub(storeOptions.taskHub).nodeId(storeOptions.nodeId).runWorker(!noWorker)
        .host(host).port(port).key(key).metricsPublic(metricsPublic).otlpEndpoint(otlpEndpoint)
        .workerOptions(o -> o.withActivityConcurrency(activityConcurrency).withFastPath(!noFastPath)
            .withMissingCodeGrace(Duration.ofSeconds(missingCodeGraceSeconds)))
        .httpOptions(h -> h.maxBodyBytes(maxBodyBytes).maxJsonDepth(maxJsonDepth)
            .idleTimeout(Duration.ofSeconds(idleTimeoutSeconds)).minRequestDataRate(minRequestDataRate)
            .maxConcurrentBodyReads(maxConcurrentBodyReads).trustForwardedHeaders(trustForwardedHeaders))
        .start()) {
      System.out.println("Duraflow listening on " + server.baseUri() + " (store: " + server.store().describe() + ")");
      System.out.println("Dashboard: " + server.baseUri() + "/dashboard/ (log in with the master key)");
      if (server.exportsTraces()) {
        System.out.println("Exporting traces" + (otlpEndpoint != null ? " to " + otlpEndpoint : " as the OTEL_* environment says"));
      }
      if (server.keyGenerated()) {
        System.out.println("Generated master key (stored in " + storeOptions.dataDir.resolve(MasterKey.FILE_NAME) + "): "
            + server.key());
      }
      System.out.println("Start the face workflow: curl -i -X POST '" + server.baseUri()
          + "/api/orchestrators/Orchestrator?code=<key>' -H 'Content-Type: application/json' -d '[\"https://.../photo.jpg\"]'");
      awaitShutdown();
    } finally {
      closed.countDown();
    }
    return 0;
  }

  /** Refuses bad HTTP limits by their flag names, before anything is opened. */
  private void checkHttpOptions() {
    if (maxJsonDepth < 1 || maxJsonDepth > HttpServerOptions.MAX_JSON_DEPTH) {
      throw new IllegalArgumentException("--max-json-depth must be between 1 and " + HttpServerOptions.MAX_JSON_DEPTH
          + " (deeper values could not be written back in status answers), was " + maxJsonDepth);
    }
    if (idleTimeoutSeconds < 1) {
      throw new IllegalArgumentException("--http-idle-timeout must be at least 1 second, was " + idleTimeoutSeconds);
    }
    if (minRequestDataRate < 0) {
      throw new IllegalArgumentException("--min-request-data-rate must not be negative, was " + minRequestDataRate);
    }
    if (maxConcurrentBodyReads < 1) {
      throw new IllegalArgumentException("--max-concurrent-body-reads must be at least 1, was " + maxConcurrentBodyReads);
    }
  }

  private void awaitShutdown() throws InterruptedException {
    stop.await();
  }

  /**
   * The JVM halts once shutdown hooks return, so the hook waits until {@link #call} has closed the
   * server, the worker (finishing in-flight steps) and the store.
   */
  private void stopAndWaitForClose() {
    stop.countDown();
    try {
      closed.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

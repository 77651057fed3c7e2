package io.duraflow.http;

import io.duraflow.client.DurableClient;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a {@link DurableHttpServer}.
 *
 * @param client the client of the default task hub; other hubs are reached with {@link
 *     DurableClient#forTaskHub(String)} when a request names one in {@code taskHub}
 * @param masterKey the key every starter and management call must present ({@code code} query
 *     parameter or {@code x-functions-key} header); see {@link MasterKey}
 * @param host the interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port to bind; 0 picks a free one (tests), {@link #DEFAULT_PORT} as the Functions host
 * @param defaultTaskHub the hub used when a request names none, and the name written into the
 *     check-status URIs
 * @param connectionName the value of the {@code connection} query parameter in the check-status URIs
 *     (accepted and ignored on requests, as Duraflow has one store)
 * @param maxBodyBytes request bodies above this size are refused with 413
 * @param maxJsonDepth request bodies nested deeper than this (arrays and objects inside each other) are
 *     refused with 400; at most {@link #MAX_JSON_DEPTH}, so that every accepted value can be written back
 *     in status answers and listings
 * @param idleTimeout a connection that sends nothing for this long (also while its body is awaited) is
 *     closed
 * @param minRequestDataRate bytes per second a request body must arrive at, measured from when the server starts reading it, after a grace second;
 *     a slower body is cut off with 408. 0 disables the check
 * @param maxConcurrentBodyReads request bodies read at once; a request that would exceed it is answered 503
 *     with {@code Retry-After} at once, without waiting for a thread, so slow uploads cannot take every
 *     thread of the server
 * @param trustForwardedHeaders build the URIs in answers from a reverse proxy's {@code Forwarded} (RFC 7239)
 *     or {@code X-Forwarded-Proto}/{@code -Host}/{@code -Prefix} headers, so that behind a TLS proxy they
 *     read {@code https://public-host/...}; only for a server that is reachable through the proxy alone,
 *     since any client can send these headers
 * @param metrics what {@code GET /metrics} serves; null answers it 404 (this server exports no metrics)
 * @param schedules the default task hub's schedules for the {@code .../schedules} routes, or null: those
 *     routes then answer 404
 * @param metricsPublic serve {@code GET /metrics} without the key, for a Prometheus that cannot send one;
 *     the meters name orchestrations and activities but no instance or payload
 */
public record HttpServerOptions(
    DurableClient client,
    String masterKey,
    String host,
    int port,
    String defaultTaskHub,
    String connectionName,
    long maxBodyBytes,
    int maxJsonDepth,
    Duration idleTimeout,
    long minRequestDataRate,
    int maxConcurrentBodyReads,
    boolean trustForwardedHeaders,
    MetricsScrape metrics,
    boolean metricsPublic,
    io.duraflow.schedule.ScheduleClient schedules) {

  /** The Azure Functions host's default port. */
  public static final int DEFAULT_PORT = 7071;

  /** Loopback only unless the caller asks for more: the API carries keys in plain HTTP. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** 1 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /** 128 levels: twice what Durable Functions' own JSON reader (Json.NET) accepts by default. */
  public static final int DEFAULT_MAX_JSON_DEPTH = 128;

  /** The deepest {@link #maxJsonDepth()} allowed: what answers can embed below their own levels. */
  public static final int MAX_JSON_DEPTH = JsonLimits.MAX_EMBEDDED_DEPTH;

  /** 30 seconds, Jetty's default. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** 1 KiB/s: far below any real client, far above a trickle that holds a thread for minutes. */
  public static final long DEFAULT_MIN_REQUEST_DATA_RATE = 1024;

  /** 64 bodies at once, a quarter of Jetty's 250 threads. */
  public static final int DEFAULT_MAX_CONCURRENT_BODY_READS = 64;

  /** The connection name Durable Functions writes into its URIs by default. */
  public static final String DEFAULT_CONNECTION_NAME = "Storage";

  public HttpServerOptions {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(masterKey, "masterKey");
    if (masterKey.isBlank()) {
      throw new IllegalArgumentException("masterKey must not be blank");
    }
    host = host == null || host.isBlank() ? DEFAULT_HOST : host;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    defaultTaskHub = defaultTaskHub == null || defaultTaskHub.isBlank() ? client.taskHub() : defaultTaskHub;
    connectionName =
        connectionName == null || connectionName.isBlank() ? DEFAULT_CONNECTION_NAME : connectionName;
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
    if (maxJsonDepth < 1 || maxJsonDepth > MAX_JSON_DEPTH) {
      throw new IllegalArgumentException("maxJsonDepth must be between 1 and " + MAX_JSON_DEPTH + ", was " + maxJsonDepth);
    }
    idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
    }
    if (minRequestDataRate < 0) {
      throw new IllegalArgumentException("minRequestDataRate must not be negative, was " + minRequestDataRate);
    }
    if (maxConcurrentBodyReads < 1) {
      throw new IllegalArgumentException("maxConcurrentBodyReads must be positive, was " + maxConcurrentBodyReads);
    }
  }

  /**
   * Options with every default: port 7071 on loopback, the client's own hub, 1 MiB bodies nested at most
   * 128 levels, 30 s idle timeout, bodies at 1 KiB/s or faster, 64 bodies read at once.
   */
  public static Builder builder(DurableClient client, String masterKey) {
    return new Builder(client, masterKey);
  }

  /** Builds {@link HttpServerOptions}; unset values take the defaults documented on the record. */
  public static final class Builder {
    private final DurableClient client;
    private final String masterKey;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String defaultTaskHub;
    private String connectionName = DEFAULT_CONNECTION_NAME;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxJsonDepth = DEFAULT_MAX_JSON_DEPTH;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private long minRequestDataRate = DEFAULT_MIN_REQUEST_DATA_RATE;
    private int maxConcurrentBodyReads = DEFAULT_MAX_CONCURRENT_BODY_READS;
    private boolean trustForwardedHeaders;
    private MetricsScrape metrics;
    private boolean metricsPublic;
    private io.duraflow.schedule.ScheduleClient schedules;

    private Builder(DurableClient client, String masterKey) {
      this.client = client;
      this.masterKey = masterKey;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder defaultTaskHub(String defaultTaskHub) {
      this.defaultTaskHub = defaultTaskHub;
      return this;
    }

    public Builder connectionName(String connectionName) {
      this.connectionName = connectionName;
      return this;
    }

    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public Builder maxJsonDepth(int maxJsonDepth) {
      this.maxJsonDepth = maxJsonDepth;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** Bytes per second; 0 disables the check. */
    public Builder minRequestDataRate(long bytesPerSecond) {
      this.minRequestDataRate = bytesPerSecond;
      return this;
    }

    public Builder maxConcurrentBodyReads(int maxConcurrentBodyReads) {
      this.maxConcurrentBodyReads = maxConcurrentBodyReads;
      return this;
    }

    /** See {@link HttpServerOptions#trustForwardedHeaders()}; off by default. */
    public Builder trustForwardedHeaders(boolean trust) {
      this.trustForwardedHeaders = trust;
      return this;
    }

    /** See {@link HttpServerOptions#metrics()}; none by default ({@code /metrics} answers 404). */
    public Builder metrics(MetricsScrape scrape) {
      this.metrics = scrape;
      return this;
    }

    /** See {@link HttpServerOptions#metricsPublic()}; off by default. */
    public Builder metricsPublic(boolean value) {
      this.metricsPublic = value;
      return this;
    }

    /** See {@link HttpServerOptions#schedules()}; none by default. */
    public Builder schedules(io.duraflow.schedule.ScheduleClient value) {
      this.schedules = value;
      return this;
    }

    public HttpServerOptions build() {
      return new HttpServerOptions(client, masterKey, host, port, defaultTaskHub, connectionName, maxBodyBytes,
          maxJsonDepth, idleTimeout, minRequestDataRate, maxConcurrentBodyReads, trustForwardedHeaders, metrics,
          metricsPublic, schedules);
    }
  }
}

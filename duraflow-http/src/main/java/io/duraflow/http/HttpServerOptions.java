package io.duraflow.http;

import io.duraflow.client.DurableClient;
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
 */
public record HttpServerOptions(
    DurableClient client,
    String masterKey,
    String host,
    int port,
    String defaultTaskHub,
    String connectionName,
    long maxBodyBytes) {

  /** The Azure Functions host's default port. */
  public static final int DEFAULT_PORT = 7071;

  /** Loopback only unless the caller asks for more: the API carries keys in plain HTTP. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** 1 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

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
  }

  /** Options with every default: port 7071 on loopback, the client's own hub, 1 MiB bodies. */
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

    public HttpServerOptions build() {
      return new HttpServerOptions(
          client, masterKey, host, port, defaultTaskHub, connectionName, maxBodyBytes);
    }
  }
}

package io.duraflow.server;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry a server traces with: the application's own, an SDK exporting spans over OTLP when
 * configured, or the no-op API (the default: no SDK, no exporter thread, nothing sent).
 *
 * <p>"Configured" means {@code --otlp-endpoint} (the builder's {@code otlpEndpoint}) or the standard
 * environment: {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, or an
 * {@code OTEL_TRACES_EXPORTER} other than {@code none}; {@code OTEL_SDK_DISABLED=true} turns it off whatever else
 * says. The SDK then reads every other {@code OTEL_*}
 * variable the usual way (protocol, headers, sampler, resource attributes); Duraflow only changes defaults:
 * {@code service.name} is {@code duraflow}, {@code service.instance.id} the node name, and metrics and logs
 * are not exported (the node's metrics are on {@code /metrics}), and the protocol is {@code http/protobuf}
 * (gRPC is refused with a clear message: it would need another HTTP stack in the jar).
 *
 * <p>The exporter connects only when it sends a batch: a collector that is down costs a logged warning
 * per batch, never a failed or slower start. {@link #close} flushes what is queued and stops the exporter.
 */
final class TraceExport implements AutoCloseable {
  private static final String SERVICE_INSTANCE_ID = "service.instance.id";

  private final OpenTelemetry openTelemetry;
  /** The SDK this class built and so must shut down, or null. */
  private final OpenTelemetrySdk owned;

  private TraceExport(OpenTelemetry openTelemetry, OpenTelemetrySdk owned) {
    this.openTelemetry = openTelemetry;
    this.owned = owned;
  }

  /**
   * @param given the application's OpenTelemetry (used as it is, never shut down here), or null
   * @param otlpEndpoint the OTLP base URL ({@code http://collector:4318}), or null
   * @param nodeId this node's name, or null
   * @param env the environment ({@code System.getenv()})
   */
  static TraceExport open(OpenTelemetry given, String endpointFlag, String nodeId, Map<String, String> env) {
    String otlpEndpoint = endpointFlag == null || endpointFlag.isBlank() ? null : endpointFlag.trim();
    if (given != null) {
      return new TraceExport(given, null);
    }
    if (!configured(otlpEndpoint, env)) {
      return new TraceExport(OpenTelemetry.noop(), null);
    }
    checkEndpoint(otlpEndpoint);
    checkProtocol(env);
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", "duraflow");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    // OTLP over HTTP (the protocol the specification defaults to, port 4318): the JDK's HttpClient sends it.
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    OpenTelemetrySdk sdk;
    try {
      sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(() -> defaults) // OTEL_* variables and -Dotel.* override these
          .addPropertiesCustomizer(config -> overrides(config, otlpEndpoint, nodeId))
          .build()
          .getOpenTelemetrySdk();
    } catch (io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new IllegalArgumentException("Cannot set up trace export from the OTEL_* settings: " + e.getMessage()
          + (root != e ? " (" + root.getMessage() + ")" : ""), e);
    }
    return new TraceExport(sdk, sdk);
  }

  /**
   * What Duraflow sets over the configuration: the flag's endpoint (it means OTLP to that endpoint, whatever
   * the environment says), and the node name as {@code service.instance.id} unless OTEL_RESOURCE_ATTRIBUTES
   * names one (set as a resource attribute property, not merged into the resource afterwards, which the SDK
   * would warn about).
   */
  private static Map<String, String> overrides(ConfigProperties config, String otlpEndpoint, String nodeId) {
    Map<String, String> set = new HashMap<>();
    if (otlpEndpoint != null) {
      set.put("otel.exporter.otlp.endpoint", otlpEndpoint);
      set.put("otel.traces.exporter", "otlp");
    }
    Map<String, String> attributes = config.getMap("otel.resource.attributes");
    if (nodeId != null && !attributes.containsKey(SERVICE_INSTANCE_ID)) {
      StringBuilder all = new StringBuilder();
      attributes.forEach((k, v) -> all.append(k).append('=').append(encode(v)).append(','));
      set.put("otel.resource.attributes", all.append(SERVICE_INSTANCE_ID).append('=').append(encode(nodeId)).toString());
      // Its random id would only be replaced (with a warning about the replaced entity).
      List<String> disabled = new ArrayList<>(config.getList("otel.java.disabled.resource.providers"));
      disabled.add("io.opentelemetry.sdk.autoconfigure.ServiceInstanceIdResourceProvider");
      set.put("otel.java.disabled.resource.providers", String.join(",", disabled));
    }
    return set;
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** True when the flag or the environment asks for span export. */
  static boolean configured(String otlpEndpoint, Map<String, String> env) {
    if ("true".equalsIgnoreCase(String.valueOf(env.get("OTEL_SDK_DISABLED")).trim())) {
      return false;
    }
    if (otlpEndpoint != null && !otlpEndpoint.isBlank()) {
      return true;
    }
    String exporter = env.get("OTEL_TRACES_EXPORTER");
    if (exporter != null && !exporter.isBlank()) {
      return !exporter.trim().toLowerCase(Locale.ROOT).equals("none");
    }
    return notBlank(env.get("OTEL_EXPORTER_OTLP_ENDPOINT")) || notBlank(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
  }

  private static void checkEndpoint(String url) {
    if (url == null) {
      return;
    }
    java.net.URI uri;
    try {
      uri = new java.net.URI(url.trim());
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null
        || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new IllegalArgumentException("--otlp-endpoint must be an http:// or https:// URL such as"
          + " http://localhost:4318, was '" + url + "'");
    }
  }

  private static void checkProtocol(Map<String, String> env) {
    for (String name : new String[] {"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"}) {
      String value = env.get(name);
      if (value != null && value.trim().equalsIgnoreCase("grpc")) {
        throw new IllegalArgumentException(name + "=grpc is not supported: Duraflow exports OTLP over HTTP"
            + " (http/protobuf, a collector's port 4318); unset it or set http/protobuf");
      }
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** True when this node exports spans through an SDK it built. */
  boolean exporting() {
    return owned != null;
  }

  /**
   * Flushes queued spans and stops the exporter, waiting at most 5 s: the exporter retries a collector that
   * is down with backoff, and an exit must not wait for it.
   */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}

package io.duraflow.server;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry a server traces with: the application's own, an SDK exporting spans over OTLP when
 * configured, or the no-op API (the default: no SDK, no exporter thread, nothing sent).
 *
 * <p>"Configured" means {@code --otlp-endpoint} (the builder's {@code otlpEndpoint}) or the standard
 * environment: {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, or an
 * {@code OTEL_TRACES_EXPORTER} other than {@code none}. The SDK then reads every other {@code OTEL_*}
 * variable the usual way (protocol, headers, sampler, resource attributes); Duraflow only changes defaults:
 * {@code service.name} is {@code duraflow}, {@code service.instance.id} the node name, and metrics and logs
 * are not exported (the node's metrics are on {@code /metrics}).
 *
 * <p>The exporter connects only when it sends a batch: a collector that is down costs a logged warning
 * per batch, never a failed or slower start. {@link #close} flushes what is queued and stops the exporter.
 */
final class TraceExport implements AutoCloseable {
  private static final AttributeKey<String> SERVICE_INSTANCE_ID = AttributeKey.stringKey("service.instance.id");

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
  static TraceExport open(OpenTelemetry given, String otlpEndpoint, String nodeId, Map<String, String> env) {
    if (given != null) {
      return new TraceExport(given, null);
    }
    if (!configured(otlpEndpoint, env)) {
      return new TraceExport(OpenTelemetry.noop(), null);
    }
    checkEndpoint(otlpEndpoint);
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", "duraflow");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    OpenTelemetrySdk sdk;
    try {
      sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults) // OTEL_* variables and -Dotel.* override these
        // The flag overrides the environment: it means OTLP to that endpoint.
        .addPropertiesCustomizer(config -> otlpEndpoint == null ? Map.of()
            : Map.of("otel.exporter.otlp.endpoint", otlpEndpoint, "otel.traces.exporter", "otlp"))
        .addResourceCustomizer((resource, config) -> nodeId == null ? resource
            // Merged under what the environment set, so OTEL_RESOURCE_ATTRIBUTES can still name the instance.
            : Resource.create(Attributes.of(SERVICE_INSTANCE_ID, nodeId)).merge(resource))
        .build()
        .getOpenTelemetrySdk();
    } catch (io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException e) {
      throw new IllegalArgumentException("Cannot set up trace export from the OTEL_* settings: " + e.getMessage(), e);
    }
    return new TraceExport(sdk, sdk);
  }

  /** True when the flag or the environment asks for span export. */
  static boolean configured(String otlpEndpoint, Map<String, String> env) {
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

  /** Flushes queued spans and stops the exporter (bounded: a collector that does not answer is not waited for long). */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}

package io.duraflow.server;

import io.duraflow.http.MetricsScrape;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;

/**
 * The node's meter registry for {@code GET /metrics}: Micrometer's Prometheus registry with the JVM's meters
 * (memory, GC, threads, class loading, CPU, uptime) bound, rendered in Prometheus' text format, or in
 * OpenMetrics when the scraper's {@code Accept} asks for it (Prometheus itself does by default).
 */
final class PrometheusMetrics implements MetricsScrape, AutoCloseable {
  /** The two text formats, as the Prometheus client names them (its writers are not on the compile path). */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  PrometheusMetrics() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  MeterRegistry registry() {
    return registry;
  }

  @Override
  public Exposition scrape(String accept) {
    // Chosen here rather than by the registry's own negotiation, which would pick the binary protobuf
    // format for a scraper that prefers it: this endpoint answers text only.
    String contentType = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
        ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
    return new Exposition(contentType, registry.scrape(contentType));
  }

  /** Stops the GC listener and closes the registry. */
  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}

package io.duraflow.http;

import java.util.Objects;

/**
 * What {@code GET /metrics} serves: the node's meters as exposition text, rendered by whoever owns them
 * (the server module wires Micrometer's Prometheus registry here), so this module needs no metrics
 * library. Called on request threads, possibly at once: implementations are thread-safe.
 */
@FunctionalInterface
public interface MetricsScrape {

  /**
   * Renders the meters now.
   *
   * @param accept the request's {@code Accept} header, or null; an implementation may offer more than one
   *     format (OpenMetrics besides Prometheus' text format) and choose by it
   */
  Exposition scrape(String accept);

  /** One rendering: its {@code Content-Type} and the text. */
  record Exposition(String contentType, String text) {
    public Exposition {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(text, "text");
    }
  }
}

package io.duraflow.http;

/** {@code GET /metrics}: the key is required unless {@link HttpServerOptions#metricsPublic()}. */
final class MetricsRoutes {
  private final MetricsScrape scrape;
  private final boolean keyRequired;

  MetricsRoutes(HttpServerOptions options) {
    this.scrape = options.metrics();
    this.keyRequired = !options.metricsPublic();
  }

  boolean keyRequired() {
    return keyRequired;
  }

  void metrics(ApiRequest request) {
    if (scrape == null) {
      throw new RejectedRequestException(ApiProblem.NOT_FOUND,
          "This server exports no metrics: it was started without a metrics registry.");
    }
    MetricsScrape.Exposition exposition = scrape.scrape(request.ctx().header("Accept"));
    request.ctx().status(200).header("Cache-Control", "no-store").contentType(exposition.contentType())
        .result(exposition.text());
  }
}

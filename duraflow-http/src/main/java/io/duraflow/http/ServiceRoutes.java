package io.duraflow.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.store.StoreHealth;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /health} and {@code GET /openapi.json}: the two routes that never need a key. */
final class ServiceRoutes {
  static final String OPENAPI_RESOURCE = "openapi.json";
  /** An id no instance has: reading it proves the store answers without touching real data. */
  private static final String HEALTH_PROBE_ID = "duraflow-health-probe";

  private final ObjectMapper mapper;
  private final HttpServerOptions options;
  private final InstanceAnswers answers;
  private final ObjectNode openApi;

  ServiceRoutes(ObjectMapper mapper, HttpServerOptions options, InstanceAnswers answers) {
    this.mapper = mapper;
    this.options = options;
    this.answers = answers;
    this.openApi = loadOpenApi(mapper);
  }

  /**
   * 200 when the store answers a read and knows of no problem. 503 {@code Unhealthy} with the store's
   * message while it cannot write (a full disk: {@link io.duraflow.client.DurableClient#storeHealth()}),
   * and, through {@link ErrorResponses}, when the read fails.
   */
  void health(ApiRequest request) throws Exception {
    options.client().getInstance(HEALTH_PROBE_ID);
    StoreHealth health = options.client().storeHealth();
    ObjectNode body = mapper.createObjectNode();
    body.put("status", health.healthy() ? "Healthy" : "Unhealthy");
    body.put("taskHub", options.defaultTaskHub());
    if (health.healthy()) {
      answers.json(request.ctx(), 200, body);
      return;
    }
    // The error shape of every other 503, plus the status word that health checkers read.
    body.put("error", ApiProblem.SERVICE_UNAVAILABLE.error());
    body.put("message", "The store cannot serve writes: " + health.message() + ".");
    request.ctx().header(ErrorResponses.RETRY_AFTER, ErrorResponses.RETRY_AFTER_SECONDS);
    answers.json(request.ctx(), ApiProblem.SERVICE_UNAVAILABLE.status(), body);
  }

  /** The OpenAPI description, with this server's address as its server URL. */
  void openApi(ApiRequest request) throws Exception {
    ObjectNode doc = openApi.deepCopy();
    doc.putArray("servers").addObject().put("url", request.origin());
    if (options.metricsPublic()) {
      ((ObjectNode) doc.get("paths").get("/metrics").get("get")).remove("security");
    }
    answers.json(request.ctx(), 200, doc);
  }

  static ObjectNode loadOpenApi(ObjectMapper mapper) {
    try (InputStream in = ServiceRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The OpenAPI description " + OPENAPI_RESOURCE + " is missing from the classpath");
      }
      return (ObjectNode) mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the OpenAPI description " + OPENAPI_RESOURCE, e);
    }
  }
}

package io.duraflow.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /health} and {@code GET /openapi.json}: the two routes that need no key. */
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

  /** 200 when the store answers; a StoreException becomes 503 in {@link ErrorResponses}. */
  void health(ApiRequest request) throws Exception {
    options.client().getInstance(HEALTH_PROBE_ID);
    ObjectNode body = mapper.createObjectNode();
    body.put("status", "Healthy");
    body.put("taskHub", options.defaultTaskHub());
    answers.json(request.ctx(), 200, body);
  }

  /** The OpenAPI description, with this server's address as its server URL. */
  void openApi(ApiRequest request) throws Exception {
    ObjectNode doc = openApi.deepCopy();
    doc.putArray("servers").addObject().put("url", request.origin());
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

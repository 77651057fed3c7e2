package io.duraflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The instance commands against a running server, through its Durable Functions HTTP API. */
public final class HttpInstanceService implements InstanceService {
  private static final String WEBHOOK = "/runtime/webhooks/durabletask";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String key;
  private final String taskHub;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** @param baseUrl e.g. {@code http://127.0.0.1:7071}; @param taskHub null for the server's default */
  public HttpInstanceService(String baseUrl, String key, String taskHub) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.key = key;
    this.taskHub = taskHub;
    if (!base.startsWith("http://") && !base.startsWith("https://")) {
      throw new CliException("--url must start with http:// or https://, was " + baseUrl, ExitCodes.USAGE);
    }
  }

  @Override
  public Page list(ListQuery q) {
    Map<String, String> params = filterParams(q);
    params.put("top", String.valueOf(q.top()));
    HttpRequest.Builder request = request(WEBHOOK + "/instances", params).GET();
    if (q.continuation() != null) {
      request.header("x-ms-continuation-token", q.continuation());
    }
    HttpResponse<String> answer = send(request.build(), 200);
    List<JsonNode> instances = new ArrayList<>();
    parse(answer).forEach(instances::add);
    return new Page(instances, answer.headers().firstValue("x-ms-continuation-token").orElse(null));
  }

  @Override
  public LinkedHashMap<String, Long> counts(ListQuery q) {
    JsonNode body = parse(send(request(WEBHOOK + "/counts", filterParams(q)).GET().build(), 200));
    LinkedHashMap<String, Long> counts = new LinkedHashMap<>();
    body.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  private static Map<String, String> filterParams(ListQuery q) {
    Map<String, String> params = new LinkedHashMap<>();
    if (q.statuses() != null && !q.statuses().isEmpty()) {
      params.put("runtimeStatus", String.join(",", q.statuses()));
    }
    put(params, "createdTimeFrom", q.createdFrom());
    put(params, "createdTimeTo", q.createdTo());
    if (q.idPrefix() != null) {
      params.put("instanceIdPrefix", q.idPrefix());
    }
    if (q.name() != null) {
      params.put("name", q.name());
    }
    q.tags().forEach((k, v) -> params.put("tag." + k, v));
    if (q.version() != null) {
      params.put("version", q.version());
    }
    return params;
  }

  @Override
  public JsonNode show(String id, boolean history) {
    Map<String, String> params = new LinkedHashMap<>();
    if (history) {
      params.put("showHistory", "true");
      params.put("showHistoryOutput", "true");
    }
    // 200 finished, 202 running, 500 Failed only when asked for: all carry the status object.
    return parse(send(request(WEBHOOK + "/instances/" + encode(id), params).GET().build(), 200, 202));
  }

  @Override
  public String start(String name, String input, String id, StartPolicy policy) {
    String path = "/api/orchestrators/" + encode(name) + (id == null ? "" : "/" + encode(id));
    Map<String, String> params = new LinkedHashMap<>();
    if (policy.idReuse() != io.duraflow.store.IdReusePolicy.FAIL_IF_RUNNING) {
      params.put("idReusePolicy", policy.idReuse().name());
    }
    if (!policy.reuseCompleted()) {
      params.put("reuseCompleted", "false");
    }
    policy.tags().forEach((k, v) -> params.put("tag." + k, v));
    if (policy.queue() != null) {
      params.put("queue", policy.queue());
    }
    if (policy.priority() != 0) {
      params.put("priority", String.valueOf(policy.priority()));
    }
    HttpRequest request = request(path, params).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(input == null ? "" : input)).build();
    return parse(send(request, 202)).path("id").asText();
  }

  @Override
  public void raise(String id, String event, String data) {
    send(request(WEBHOOK + "/instances/" + encode(id) + "/raiseEvent/" + encode(event), Map.of())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(data == null ? "null" : data)).build(), 202);
  }

  @Override
  public void control(String id, String operation, String reason) {
    Map<String, String> params = new LinkedHashMap<>();
    if (reason != null) {
      params.put("reason", reason);
    }
    send(request(WEBHOOK + "/instances/" + encode(id) + "/" + operation, params)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), 202);
  }

  @Override
  public String restart(String id, boolean newId) {
    return parse(send(request(WEBHOOK + "/instances/" + encode(id) + "/restart",
        Map.of("restartWithNewInstanceId", String.valueOf(newId))).POST(HttpRequest.BodyPublishers.noBody()).build(), 202))
        .path("id").asText();
  }

  @Override
  public boolean purge(String id) {
    HttpResponse<String> answer = send(request(WEBHOOK + "/instances/" + encode(id), Map.of()).DELETE().build(),
        200, 404);
    return answer.statusCode() == 200;
  }

  @Override
  public int purge(List<String> statuses, Instant createdBefore) {
    Map<String, String> params = new LinkedHashMap<>();
    if (statuses != null && !statuses.isEmpty()) {
      params.put("runtimeStatus", String.join(",", statuses));
    }
    put(params, "createdTimeTo", createdBefore);
    HttpResponse<String> answer = send(request(WEBHOOK + "/instances", params).DELETE().build(), 200, 404);
    return answer.statusCode() == 404 ? 0 : parse(answer).path("instancesDeleted").asInt();
  }

  @Override
  public void close() {
    // java.net.http.HttpClient in Java 17 has no close; its threads are daemons.
  }

  private static void put(Map<String, String> params, String name, Instant value) {
    if (value != null) {
      params.put(name, value.toString());
    }
  }

  HttpRequest.Builder request(String path, Map<String, String> params) {
    StringBuilder uri = new StringBuilder(base).append(path).append('?');
    Map<String, String> all = new LinkedHashMap<>(params);
    if (taskHub != null) {
      all.put("taskHub", taskHub);
    }
    all.forEach((k, v) -> uri.append(encode(k)).append('=').append(encode(v)).append('&'));
    uri.setLength(uri.length() - 1);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("x-functions-key", key); // a header, so the key never shows up in a URL
    }
    return b;
  }

  /** Sends; an answer with another status than {@code expected} becomes a {@link CliException} with its message. */
  HttpResponse<String> send(HttpRequest request, int... expected) {
    HttpResponse<String> answer;
    try {
      answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException("Cannot reach the Duraflow server at " + base + ": "
          + (e.getMessage() == null ? "connection failed" : e.getMessage()), ExitCodes.UNAVAILABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted", ExitCodes.UNAVAILABLE);
    }
    for (int code : expected) {
      if (answer.statusCode() == code) {
        return answer;
      }
    }
    throw new CliException(message(answer), answer.statusCode() >= 500 ? ExitCodes.UNAVAILABLE : ExitCodes.USAGE);
  }

  /** The server's own message ({@code {"error","message"}} or the plain text of a 412). */
  private static String message(HttpResponse<String> answer) {
    String body = answer.body() == null ? "" : answer.body().strip();
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.hasNonNull("message")) {
        return node.get("message").asText();
      }
    } catch (IOException notJson) {
      // plain text
    }
    if (answer.statusCode() == 401) {
      return "The server refused the key (401); pass --key or set DURAFLOW_KEY";
    }
    return body.isEmpty() ? "The server answered " + answer.statusCode() : body;
  }

  static JsonNode parse(HttpResponse<String> answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException("The server's answer is not JSON: " + JsonInput.describe(e), ExitCodes.UNAVAILABLE);
    }
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

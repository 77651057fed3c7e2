package io.duraflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schedule commands against a running server: its {@code .../schedules} routes. */
final class HttpScheduleService implements ScheduleService {
  private static final String SCHEDULES = "/runtime/webhooks/durabletask/schedules";
  private final HttpInstanceService http;

  HttpScheduleService(HttpInstanceService http) {
    this.http = http;
  }

  private static String path(String id) {
    return SCHEDULES + "/" + HttpInstanceService.encode(id);
  }

  @Override
  public List<JsonNode> list() {
    List<JsonNode> all = new ArrayList<>();
    HttpInstanceService.parse(http.send(http.request(SCHEDULES, Map.of()).GET().build(), 200)).forEach(all::add);
    return all;
  }

  @Override
  public JsonNode show(String id) {
    return HttpInstanceService.parse(http.send(http.request(path(id), Map.of()).GET().build(), 200));
  }

  @Override
  public JsonNode create(String id, ObjectNode definition) {
    ObjectNode body = definition.deepCopy();
    body.put("id", id);
    return HttpInstanceService.parse(http.send(http.request(SCHEDULES, Map.of()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), 201));
  }

  @Override
  public JsonNode pause(String id, String note) {
    return post(path(id) + "/pause", note, 200);
  }

  @Override
  public JsonNode resume(String id, String note) {
    return post(path(id) + "/resume", note, 200);
  }

  private JsonNode post(String path, String note, int expected) {
    Map<String, String> params = new LinkedHashMap<>();
    if (note != null) {
      params.put("note", note);
    }
    return HttpInstanceService.parse(http.send(http.request(path, params)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), expected));
  }

  @Override
  public boolean delete(String id) {
    HttpResponse<String> answer = http.send(http.request(path(id), Map.of()).DELETE().build(), 200, 404);
    return answer.statusCode() == 200;
  }

  @Override
  public String trigger(String id) {
    return post(path(id) + "/trigger", null, 202).path("instanceId").asText();
  }

  @Override
  public List<String> backfill(String id, java.time.Instant from, java.time.Instant to) {
    String body = "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
    JsonNode answer = HttpInstanceService.parse(http.send(http.request(path(id) + "/backfill", Map.of())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), 202));
    List<String> ids = new ArrayList<>();
    answer.path("instanceIds").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  @Override
  public void close() {
    http.close();
  }
}

package io.duraflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.schedule.Schedule;
import io.duraflow.schedule.ScheduleClient;
import io.duraflow.schedule.ScheduleJson;
import io.duraflow.schedule.ScheduleNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Duraflow's own schedule routes under {@code .../schedules} (not in Durable Functions): list, create,
 * read, replace, delete, pause, resume and trigger. Bodies and answers use the field names of
 * {@link ScheduleJson}; an answer adds the schedule's id and where it stands.
 */
final class ScheduleRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleRoutes.class);
  private final ObjectMapper mapper;
  private final RequestBody bodies;
  private final InstanceAnswers answers;
  private final ScheduleClient schedules;

  /** @param schedules the default hub's schedules, or null when this server offers none */
  ScheduleRoutes(ObjectMapper mapper, RequestBody bodies, InstanceAnswers answers, ScheduleClient schedules) {
    this.mapper = mapper;
    this.bodies = bodies;
    this.answers = answers;
    this.schedules = schedules;
  }

  private ScheduleClient client(ApiRequest request) {
    if (schedules == null) {
      throw new RejectedRequestException(ApiProblem.NOT_FOUND, "This server has no schedules.");
    }
    String hub = request.taskHub();
    return hub.equals(schedules.taskHub()) ? schedules : schedules.forTaskHub(hub);
  }

  void list(ApiRequest request) throws Exception {
    ArrayNode all = mapper.createArrayNode();
    for (Schedule s : client(request).list()) {
      all.add(json(s));
    }
    answers.json(request.ctx(), 200, all);
  }

  void create(ApiRequest request) throws Exception {
    JsonNode body = bodies.readRequiredJson(request.ctx(), "the schedule");
    JsonNode id = body.get("id");
    if (id == null || !id.isTextual()) {
      throw RejectedRequestException.badRequest("Schedule field 'id' is required (a string).");
    }
    ObjectNode definition = ((ObjectNode) body).deepCopy();
    definition.remove("id");
    Schedule created = client(request).create(id.asText(), ScheduleJson.fromJson(definition));
    LOG.info("Created schedule '{}'", created.scheduleId());
    request.ctx().header("Location", request.origin() + DurableHttpServer.SCHEDULES + "/" + created.scheduleId());
    answers.json(request.ctx(), 201, json(created));
  }

  void get(ApiRequest request) throws Exception {
    answers.json(request.ctx(), 200, json(client(request).require(request.ctx().pathParam("scheduleId"))));
  }

  void replace(ApiRequest request) throws Exception {
    JsonNode body = bodies.readRequiredJson(request.ctx(), "the schedule");
    String id = request.ctx().pathParam("scheduleId");
    if (body.isObject() && body.has("id") && !id.equals(body.get("id").asText())) {
      throw RejectedRequestException.badRequest("The body's id '" + body.get("id").asText()
          + "' differs from the path's '" + id + "'; a schedule cannot be renamed.");
    }
    ObjectNode definition = body.isObject() ? ((ObjectNode) body).deepCopy() : null;
    if (definition != null) {
      definition.remove("id");
    }
    Schedule updated = client(request).update(id, ScheduleJson.fromJson(definition));
    LOG.info("Updated schedule '{}'", id);
    answers.json(request.ctx(), 200, json(updated));
  }

  void delete(ApiRequest request) throws Exception {
    ScheduleClient client = client(request);
    String id = request.ctx().pathParam("scheduleId");
    if (!client.delete(id)) {
      throw new ScheduleNotFoundException(client.taskHub(), id);
    }
    LOG.info("Deleted schedule '{}'", id);
    ObjectNode body = mapper.createObjectNode();
    body.put("deleted", id);
    answers.json(request.ctx(), 200, body);
  }

  void pause(ApiRequest request) throws Exception {
    Schedule s = client(request).pause(request.ctx().pathParam("scheduleId"), note(request));
    LOG.info("Paused schedule '{}'", s.scheduleId());
    answers.json(request.ctx(), 200, json(s));
  }

  void resume(ApiRequest request) throws Exception {
    Schedule s = client(request).resume(request.ctx().pathParam("scheduleId"), note(request));
    LOG.info("Resumed schedule '{}'", s.scheduleId());
    answers.json(request.ctx(), 200, json(s));
  }

  void trigger(ApiRequest request) throws Exception {
    String instanceId = client(request).trigger(request.ctx().pathParam("scheduleId"));
    ObjectNode body = mapper.createObjectNode();
    body.put("instanceId", instanceId);
    answers.json(request.ctx(), 202, body);
  }

  /** Body {@code {"from": ISO time, "to": ISO time}}; answers 202 {@code {"instanceIds": [...]}}. */
  void backfill(ApiRequest request) throws Exception {
    JsonNode body = bodies.readRequiredJson(request.ctx(), "the backfill range");
    java.time.Instant from = time(body, "from");
    java.time.Instant to = time(body, "to");
    ArrayNode ids = mapper.createArrayNode();
    client(request).backfill(request.ctx().pathParam("scheduleId"), from, to).forEach(ids::add);
    LOG.info("Backfilled schedule '{}' from {} to {}: {} instance(s)", request.ctx().pathParam("scheduleId"), from, to,
        ids.size());
    ObjectNode answer = mapper.createObjectNode();
    answer.set("instanceIds", ids);
    answers.json(request.ctx(), 202, answer);
  }

  private static java.time.Instant time(JsonNode body, String field) {
    JsonNode v = body == null ? null : body.get(field);
    if (v == null || !v.isTextual()) {
      throw RejectedRequestException.badRequest("Backfill field '" + field + "' is required: an ISO-8601 UTC time"
          + " such as 2026-05-01T10:00:00Z.");
    }
    try {
      return java.time.Instant.parse(v.asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw RejectedRequestException.badRequest("Backfill field '" + field + "' must be an ISO-8601 UTC time such as"
          + " 2026-05-01T10:00:00Z, was '" + v.asText() + "'.");
    }
  }

  /** The optional note: {@code {"note": "..."}} in the body, or the {@code note} query parameter. */
  private String note(ApiRequest request) throws Exception {
    JsonNode body = bodies.readOptionalJson(request.ctx());
    if (body != null && body.isObject() && body.hasNonNull("note")) {
      return body.get("note").asText();
    }
    return request.query().firstNonBlank("note");
  }

  private static ObjectNode json(Schedule s) {
    return ScheduleJson.describe(s);
  }
}

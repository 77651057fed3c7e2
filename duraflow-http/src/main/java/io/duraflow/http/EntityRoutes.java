package io.duraflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.api.EntityInstanceId;
import io.duraflow.client.DurableClient;
import io.duraflow.store.EntityPage;
import io.duraflow.store.EntityQuery;
import io.duraflow.store.EntityRecord;
import java.io.IOException;

/**
 * The entity API of Durable Functions under {@code .../entities}: signal ({@code POST
 * {name}/{key}?op=}), read ({@code GET {name}/{key}}), list ({@code GET {name}} with
 * {@code lastOperationTimeFrom}, {@code lastOperationTimeTo}, {@code top}, {@code fetchState} and the
 * {@code x-ms-continuation-token} header, as the instance list pages) and delete ({@code DELETE
 * {name}/{key}}, which signals the {@code delete} operation).
 */
final class EntityRoutes {
  private final RequestBody bodies;
  private final ObjectMapper mapper;
  private final InstanceAnswers answers;

  EntityRoutes(RequestBody bodies, ObjectMapper mapper, InstanceAnswers answers) {
    this.bodies = bodies;
    this.mapper = mapper;
    this.answers = answers;
  }

  /** {@code POST .../entities/{name}/{key}?op=NAME} with an optional JSON body: 202 once queued. */
  void signal(ApiRequest request) throws IOException {
    EntityInstanceId id = entityId(request);
    String op = request.query().firstNonBlank("op");
    if (op == null) {
      throw RejectedRequestException.badRequest("Query parameter 'op' (the operation to signal) is required.");
    }
    JsonNode input = bodies.readOptionalJson(request.ctx());
    request.client().signalEntity(id, op.strip(), input);
    request.ctx().status(202);
  }

  /** {@code DELETE .../entities/{name}/{key}}: signals {@code delete}; 202 once queued. */
  void delete(ApiRequest request) {
    EntityInstanceId id = entityId(request);
    request.client().signalEntity(id, "delete", null);
    request.ctx().status(202);
  }

  /** {@code GET .../entities/{name}/{key}}: the state as JSON; 404 when the entity does not exist. */
  void get(ApiRequest request) throws Exception {
    EntityInstanceId id = entityId(request);
    DurableClient client = request.client();
    EntityRecord record = client.getEntity(id).orElseThrow(() -> new RejectedRequestException(ApiProblem.NOT_FOUND,
        "No entity " + id.name() + "/" + id.key() + " in task hub '" + client.taskHub() + "'."));
    answers.json(request.ctx(), 200, state(record));
  }

  /** {@code GET .../entities/{name}}: one page of the entities of that name, by key. */
  void list(ApiRequest request) throws Exception {
    String name = request.ctx().pathParam("entityName");
    checkName(name);
    Integer top = request.integer("top");
    if (top != null && top < 1) {
      throw RejectedRequestException.badRequest("Query parameter 'top' must be at least 1, was " + top + ".");
    }
    int pageSize = top == null ? InstanceQueryRoutes.DEFAULT_PAGE_SIZE : Math.min(top, InstanceQueryRoutes.MAX_PAGE_SIZE);
    String token = request.ctx().header(InstanceQueryRoutes.CONTINUATION_HEADER);
    boolean fetchState = request.flag("fetchState", false);
    EntityQuery query = new EntityQuery(null, request.instant("lastOperationTimeFrom"),
        request.instant("lastOperationTimeTo"), fetchState, false, pageSize,
        token == null || token.isBlank() ? null : token.trim()).withName(name);
    EntityPage page = request.client().queryEntities(query);
    ArrayNode body = mapper.createArrayNode();
    for (EntityRecord e : page.entities()) {
      ObjectNode item = body.addObject();
      ObjectNode entityId = item.putObject("entityId");
      entityId.put("name", e.id().name());
      entityId.put("key", e.id().key());
      item.put("lastOperationTime", e.lastOperationAt() == null ? null : e.lastOperationAt().toString());
      if (fetchState) {
        item.set("state", state(e));
      }
    }
    if (page.continuationToken() != null) {
      request.ctx().header(InstanceQueryRoutes.CONTINUATION_HEADER, page.continuationToken());
    }
    answers.json(request.ctx(), 200, body);
  }

  private JsonNode state(EntityRecord record) throws IOException {
    return record.state() == null ? mapper.nullNode() : mapper.readTree(record.state());
  }

  private static EntityInstanceId entityId(ApiRequest request) {
    String name = request.ctx().pathParam("entityName");
    String key = request.ctx().pathParam("entityKey");
    checkName(name);
    ApiRequest.checkInstanceId(key); // the same rules as ids in a path: no '/', '?', '#', control characters
    return new EntityInstanceId(name, key);
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw RejectedRequestException.badRequest("The entity name must not be empty.");
    }
    if (name.indexOf('@') >= 0) {
      throw RejectedRequestException.badRequest("The entity name must not contain '@'.");
    }
    ApiRequest.checkInstanceId(name);
  }
}

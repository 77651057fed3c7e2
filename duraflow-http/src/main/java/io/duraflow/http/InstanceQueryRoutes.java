package io.duraflow.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.client.DurableClient;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;

/**
 * {@code GET .../instances/{instanceId}} (status) and {@code GET .../instances[/]} (list with filters and
 * the {@code x-ms-continuation-token} header).
 */
final class InstanceQueryRoutes {
  static final String CONTINUATION_HEADER = "x-ms-continuation-token";
  /** Durable Functions' default page size. */
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  private final ObjectMapper mapper;
  private final InstanceAnswers answers;

  InstanceQueryRoutes(ObjectMapper mapper, InstanceAnswers answers) {
    this.mapper = mapper;
    this.answers = answers;
  }

  void status(ApiRequest request) throws Exception {
    String instanceId = request.instanceId("instanceId");
    boolean showHistory = request.flag("showHistory", false);
    boolean showHistoryOutput = request.flag("showHistoryOutput", false);
    boolean showInput = request.flag("showInput", true);
    boolean returnIse = request.flag("returnInternalServerErrorOnFailure", false);
    DurableClient client = request.client();
    InstanceRecord record = client.getInstance(instanceId)
        .orElseThrow(() -> new InstanceNotFoundException(client.taskHub(), instanceId));
    answers.status(request, client, record, showInput, showHistory, showHistoryOutput, returnIse);
  }

  /**
   * {@code GET .../instances/{instanceId}/history?offset=&limit=}: one page of the current execution's
   * history in full ({@link StatusJson#events}), {@code nextOffset} null on the last page.
   */
  void history(ApiRequest request) throws Exception {
    String instanceId = request.instanceId("instanceId");
    Integer offset = request.integer("offset");
    Integer limit = request.integer("limit");
    if (offset != null && offset < 0) {
      throw RejectedRequestException.badRequest("Query parameter 'offset' must be at least 0, was " + offset + ".");
    }
    if (limit != null && limit < 1) {
      throw RejectedRequestException.badRequest("Query parameter 'limit' must be at least 1, was " + limit + ".");
    }
    int from = offset == null ? 0 : offset;
    int size = limit == null ? DEFAULT_PAGE_SIZE : Math.min(limit, MAX_PAGE_SIZE);
    DurableClient client = request.client();
    client.getInstance(instanceId).orElseThrow(() -> new InstanceNotFoundException(client.taskHub(), instanceId));
    // One event more than asked tells whether another page follows, without counting the history.
    java.util.List<io.duraflow.history.HistoryEvent> slice = client.getHistorySlice(instanceId, from, size + 1);
    boolean more = slice.size() > size;
    com.fasterxml.jackson.databind.node.ObjectNode body = mapper.createObjectNode();
    body.put("instanceId", instanceId);
    body.put("offset", from);
    body.set("events", answers.statusJson().events(more ? slice.subList(0, size) : slice, from));
    if (more) {
      body.put("nextOffset", from + size);
    } else {
      body.putNull("nextOffset");
    }
    answers.json(request.ctx(), 200, body);
  }

  void list(ApiRequest request) throws Exception {
    Integer top = request.integer("top");
    if (top != null && top < 1) {
      throw RejectedRequestException.badRequest("Query parameter 'top' must be at least 1, was " + top + ".");
    }
    int pageSize = top == null ? DEFAULT_PAGE_SIZE : Math.min(top, MAX_PAGE_SIZE);
    String token = request.ctx().header(CONTINUATION_HEADER);
    InstanceQuery query = filters(request, pageSize, token == null || token.isBlank() ? null : token.trim());
    boolean showInput = request.flag("showInput", true);
    InstancePage page = request.client().queryInstances(query);
    ArrayNode body = mapper.createArrayNode();
    for (InstanceRecord record : page.instances()) {
      // Each value is bounded by StatusJson's embedding limits, so the page as a whole can be written.
      body.add(answers.statusJson().status(record, showInput));
    }
    // Clients re-request while a token comes back, so the last page must carry none at all.
    if (page.continuationToken() != null && !page.continuationToken().isEmpty()) {
      request.ctx().header(CONTINUATION_HEADER, page.continuationToken());
    }
    answers.json(request.ctx(), 200, body);
  }

  /** {@code GET .../counts}: {@code {"Pending": n, "Running": n, ...}} for every status, with the list's filters. */
  void counts(ApiRequest request) throws Exception {
    java.util.Map<io.duraflow.api.OrchestrationRuntimeStatus, Long> counts =
        request.client().countInstances(filters(request, 1, null));
    com.fasterxml.jackson.databind.node.ObjectNode body = mapper.createObjectNode();
    for (io.duraflow.api.OrchestrationRuntimeStatus s : io.duraflow.api.OrchestrationRuntimeStatus.values()) {
      body.put(s.wireName(), counts.getOrDefault(s, 0L));
    }
    answers.json(request.ctx(), 200, body);
  }

  /** {@code sort=createdTime} (oldest first, the default) or {@code sort=-createdTime} (newest first). */
  private static boolean newestFirst(ApiRequest request) {
    String sort = request.query().firstNonBlank("sort");
    if (sort == null || sort.strip().equals("createdTime")) {
      return false;
    }
    if (sort.strip().equals("-createdTime")) {
      return true;
    }
    throw RejectedRequestException.badRequest("Query parameter 'sort' must be createdTime (oldest first) or"
        + " -createdTime (newest first), was '" + sort + "'.");
  }

  /**
   * The listing's filters: Durable Functions' parameters, plus {@code name} (the orchestration's) and
   * {@code version} (the orchestration version the instances started on) and {@code tag.KEY=VALUE}
   * (instances with that tag; several must all match).
   */
  private static InstanceQuery filters(ApiRequest request, int pageSize, String token) {
    return new InstanceQuery(
        request.statuses("runtimeStatus"),
        request.instant("createdTimeFrom"),
        request.instant("createdTimeTo"),
        request.query().firstNonBlank("instanceIdPrefix"),
        pageSize,
        token,
        request.query().firstNonBlank("name"),
        newestFirst(request),
        request.query().firstNonBlank("version")).withTags(StartParameters.tags(request));
  }
}

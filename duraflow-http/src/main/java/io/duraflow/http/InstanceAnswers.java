package io.duraflow.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.client.DurableClient;
import io.duraflow.store.InstanceRecord;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The success answers shared by several routes: JSON bodies, the 202 check-status answer, the status
 * answer (whose code depends on the runtime status) and the wait-or-check-status answer of the starter
 * and restart.
 */
final class InstanceAnswers {
  /** What the check-status answer asks clients to wait, as the Functions host does. */
  static final String CHECK_STATUS_RETRY_AFTER_SECONDS = "10";
  /** What the status query of an unfinished instance asks clients to wait, as the Functions host does. */
  static final String STATUS_RETRY_AFTER_SECONDS = "5";

  private final ObjectMapper mapper;
  private final StatusJson statusJson;
  private final String masterKey;

  InstanceAnswers(ObjectMapper mapper, StatusJson statusJson, String masterKey) {
    this.mapper = mapper;
    this.statusJson = statusJson;
    this.masterKey = masterKey;
  }

  StatusJson statusJson() {
    return statusJson;
  }

  void json(Context ctx, int status, JsonNode body) throws JsonProcessingException {
    ctx.status(status).contentType("application/json; charset=utf-8").result(mapper.writeValueAsBytes(body));
  }

  /** 202 with the check-status payload, {@code Location} (the status URI) and {@code Retry-After}. */
  void checkStatus(ApiRequest request, String instanceId, boolean returnInternalServerErrorOnFailure)
      throws JsonProcessingException {
    CheckStatusPayload payload = CheckStatusPayload.of(request.origin(), instanceId, request.taskHub(),
        request.connection(), masterKey, returnInternalServerErrorOnFailure);
    Context ctx = request.ctx();
    ctx.header("Location", payload.statusQueryGetUri());
    ctx.header("Retry-After", CHECK_STATUS_RETRY_AFTER_SECONDS);
    json(ctx, 202, payload.toJson(mapper));
  }

  /**
   * The status object of {@code record}: 202 with {@code Location} and {@code Retry-After} while it is
   * not finished, 200 once it is, 500 for Failed only when {@code returnInternalServerErrorOnFailure}.
   */
  void status(ApiRequest request, DurableClient client, InstanceRecord record, boolean showInput,
      boolean showHistory, boolean showHistoryOutput, boolean returnInternalServerErrorOnFailure)
      throws JsonProcessingException {
    ObjectNode body = statusJson.status(record, showInput);
    if (showHistory) {
      body.set("historyEvents", statusJson.history(client.getHistory(record.instanceId()), showHistoryOutput, showInput));
    }
    OrchestrationRuntimeStatus status = record.runtimeStatus();
    if (status != null && !status.isTerminal() && !client.isRegistered(record.name(), record.version())) {
      // Neither this node nor any running worker has the code: say what the instance waits for.
      body.put("waitingFor", "a worker that knows orchestration '" + record.name() + "'"
          + (record.version() == null ? "" : " version '" + record.version() + "'"));
    }
    int code;
    if (status == OrchestrationRuntimeStatus.FAILED) {
      code = returnInternalServerErrorOnFailure ? 500 : 200;
    } else if (status != null && status.isTerminal()) {
      code = 200;
    } else {
      code = 202;
      request.ctx().header("Location", request.requestUri());
      request.ctx().header("Retry-After", STATUS_RETRY_AFTER_SECONDS);
    }
    json(request.ctx(), code, body);
  }

  /**
   * Durable Functions' WaitForCompletionOrCreateCheckStatusResponse: waits up to {@code timeout}; a
   * Completed instance answers 200 with its output as the body, a Failed or Terminated one the status
   * answer, and one still running the 202 check-status answer.
   */
  void waitOrCheckStatus(ApiRequest request, DurableClient client, String instanceId, Duration timeout,
      boolean returnInternalServerErrorOnFailure) throws JsonProcessingException, InterruptedException {
    InstanceRecord done;
    try {
      done = client.waitForCompletion(instanceId, timeout);
    } catch (TimeoutException e) {
      checkStatus(request, instanceId, returnInternalServerErrorOnFailure);
      return;
    }
    if (done == null) {
      throw new InstanceNotFoundException(client.taskHub(), instanceId);
    }
    if (done.runtimeStatus() == OrchestrationRuntimeStatus.COMPLETED) {
      json(request.ctx(), 200, statusJson.embed(done.output()));
    } else if (done.runtimeStatus() != null && done.runtimeStatus().isTerminal()) {
      status(request, client, done, true, false, false, returnInternalServerErrorOnFailure);
    } else {
      checkStatus(request, instanceId, returnInternalServerErrorOnFailure);
    }
  }
}

package io.duraflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StartOptions;
import io.duraflow.worker.LogContext;
import io.duraflow.history.TraceContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/orchestrators/{functionName}[/{instanceId}]} (and the same under the webhook root):
 * starts an instance and answers 202 with the check-status payload, or, with {@code ?timeout=SECONDS},
 * waits for it like WaitForCompletionOrCreateCheckStatusResponse.
 */
final class StarterRoutes {
  /** The face workflow's registered name: the seed posts it a bare array of image URLs. */
  static final String SEED_ORCHESTRATOR = "Orchestrator";
  /** The longest a starter call may hold a connection waiting. */
  static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(StarterRoutes.class);

  private final RequestBody bodies;
  private final InstanceAnswers answers;

  StarterRoutes(RequestBody bodies, InstanceAnswers answers) {
    this.bodies = bodies;
    this.answers = answers;
  }

  void start(ApiRequest request) throws Exception {
    String functionName = request.ctx().pathParam("functionName");
    String instanceId = request.ctx().pathParamMap().containsKey("instanceId") ? request.instanceId("instanceId") : null;
    Duration timeout = waitTimeout(request);
    boolean returnIse = request.flag("returnInternalServerErrorOnFailure", false);
    DurableClient client = request.client();
    if (!client.isRegistered(functionName)) {
      throw new RejectedRequestException(ApiProblem.NOT_FOUND,
          "No orchestrator function named '" + functionName + "' is registered in task hub '" + client.taskHub()
              + "'; known: " + String.join(", ", client.knownOrchestrations()) + ".");
    }
    JsonNode input = seedInput(functionName, bodies.readOptionalJson(request.ctx()));
    String id = client.startNew(functionName, input, StartParameters.apply(request,
        new StartOptions(instanceId, null, traceParent(request))
            .withVersion(request.query().firstNonBlank("version")))); // Durable Functions' starter version
    try (LogContext ignored = LogContext.instance(id)) { // a generated id is not in the path
      LOG.info("Started orchestration '{}' with instance id '{}' in task hub '{}'", functionName, id, client.taskHub());
    }
    if (timeout == null) {
      answers.checkStatus(request, id, returnIse);
    } else {
      answers.waitOrCheckStatus(request, client, id, timeout, returnIse);
    }
  }

  /**
   * The caller's W3C {@code traceparent} and {@code tracestate}, passed on as they came: the client checks
   * them and ignores a malformed one (the instance then starts a trace of its own), since a tracing header
   * is never a reason to refuse a start.
   */
  static TraceContext traceParent(ApiRequest request) {
    String parent = request.ctx().header("traceparent");
    return parent == null || parent.isBlank() ? null : new TraceContext(parent, request.ctx().header("tracestate"));
  }

  /**
   * The seed's starter passes a bare JSON array of URLs to {@code Orchestrator} as {@code {"urls": [...]}};
   * everything else is passed as it came.
   */
  static JsonNode seedInput(String functionName, JsonNode body) {
    if (SEED_ORCHESTRATOR.equals(functionName) && body != null && body.isArray()) {
      ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
      wrapped.set("urls", body);
      return wrapped;
    }
    return body;
  }

  /**
   * {@code timeout} in seconds, or null for no wait. {@code retryInterval} (or Durable Functions'
   * {@code pollingInterval}) is accepted and checked against it; the wait itself is poll-free.
   */
  static Duration waitTimeout(ApiRequest request) {
    Duration timeout = request.seconds("timeout", MAX_WAIT);
    Duration interval = request.seconds("retryInterval", MAX_WAIT);
    if (interval == null) {
      interval = request.seconds("pollingInterval", MAX_WAIT);
    }
    if (timeout != null && interval != null && interval.compareTo(timeout) > 0) {
      throw RejectedRequestException.badRequest("The total timeout (" + timeout.toMillis() / 1000.0
          + " s) must not be shorter than the retry interval (" + interval.toMillis() / 1000.0 + " s).");
    }
    return timeout;
  }
}

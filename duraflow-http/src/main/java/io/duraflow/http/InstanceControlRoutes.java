package io.duraflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.InvalidInstanceStateException;
import io.duraflow.client.DurableClient;
import io.duraflow.store.InstanceRecord;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The POST operations on one instance: raiseEvent, terminate, suspend, resume, rewind, restart.
 *
 * <p>The client refuses an unknown id or a state that forbids the operation before it records anything;
 * {@link ErrorResponses} turns its exceptions into Durable Functions' codes. raiseEvent checks the instance
 * before reading the payload so that, as in the Functions host, a finished instance answers 410 whatever
 * the body.
 */
final class InstanceControlRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceControlRoutes.class);

  private final RequestBody bodies;
  private final InstanceAnswers answers;

  InstanceControlRoutes(RequestBody bodies, InstanceAnswers answers) {
    this.bodies = bodies;
    this.answers = answers;
  }

  void raiseEvent(ApiRequest request) throws Exception {
    String instanceId = request.instanceId("instanceId");
    String eventName = request.ctx().pathParam("eventName");
    if (eventName.isBlank()) {
      throw RejectedRequestException.badRequest("The event name must not be empty.");
    }
    byte[] body = bodies.read(request.ctx());
    DurableClient client = request.client();
    requireNotTerminal(client, instanceId, "raise an event on");
    JsonNode payload = bodies.requiredJson(body, "the event payload");
    client.raiseEvent(instanceId, eventName, payload.isNull() ? null : payload);
    request.ctx().status(202);
  }

  void terminate(ApiRequest request) {
    request(request, "Termination", DurableClient::terminate);
  }

  void suspend(ApiRequest request) {
    request(request, "Suspension", DurableClient::suspend);
  }

  void resume(ApiRequest request) {
    request(request, "Resumption", DurableClient::resume);
  }

  void rewind(ApiRequest request) {
    request(request, "Rewind", DurableClient::rewind);
  }

  /** A management request that the client records as a message to the instance. */
  private interface InstanceRequest {
    void send(DurableClient client, String instanceId, String reason);
  }

  private static void request(ApiRequest request, String what, InstanceRequest operation) {
    String instanceId = request.instanceId("instanceId");
    operation.send(request.client(), instanceId, request.query().first("reason"));
    LOG.info("{} of instance '{}' requested", what, instanceId);
    request.ctx().status(202);
  }

  void restart(ApiRequest request) throws Exception {
    String instanceId = request.instanceId("instanceId");
    boolean newInstanceId = request.flag("restartWithNewInstanceId", true);
    Duration timeout = StarterRoutes.waitTimeout(request);
    boolean returnIse = request.flag("returnInternalServerErrorOnFailure", false);
    DurableClient client = request.client();
    String restartedId = client.restart(instanceId, newInstanceId);
    LOG.info("Instance '{}' restarted as '{}'", instanceId, restartedId);
    if (timeout == null) {
      answers.checkStatus(request, restartedId, returnIse);
    } else {
      answers.waitOrCheckStatus(request, client, restartedId, timeout, returnIse);
    }
  }

  static InstanceRecord find(DurableClient client, String instanceId) {
    return client.getInstance(instanceId).orElseThrow(() -> new InstanceNotFoundException(client.taskHub(), instanceId));
  }

  private static void requireNotTerminal(DurableClient client, String instanceId, String operation) {
    InstanceRecord record = find(client, instanceId);
    if (record.runtimeStatus() != null && record.runtimeStatus().isTerminal()) {
      throw new InvalidInstanceStateException(instanceId, record.runtimeStatus(), operation);
    }
  }
}

package io.duraflow.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.InvalidInstanceStateException;
import io.duraflow.client.DurableClient;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.PurgeFilter;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE .../instances/{instanceId}} (purge one finished instance) and {@code DELETE
 * .../instances[/]} (purge finished instances by filter). Both answer {@code {"instancesDeleted": n}}.
 */
final class PurgeRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(PurgeRoutes.class);

  private final ObjectMapper mapper;
  private final InstanceAnswers answers;

  PurgeRoutes(ObjectMapper mapper, InstanceAnswers answers) {
    this.mapper = mapper;
    this.answers = answers;
  }

  void purgeInstance(ApiRequest request) throws Exception {
    String instanceId = request.instanceId("instanceId");
    DurableClient client = request.client();
    InstanceRecord record = InstanceControlRoutes.find(client, instanceId);
    if (record.runtimeStatus() == null || !record.runtimeStatus().isTerminal()) {
      throw new InvalidInstanceStateException(instanceId, record.runtimeStatus(), "purge");
    }
    if (!client.purge(instanceId)) {
      // Purged by someone else between our read and our delete.
      throw new InstanceNotFoundException(client.taskHub(), instanceId);
    }
    LOG.info("Purged instance '{}'", instanceId);
    answers.json(request.ctx(), 200, deleted(1));
  }

  /**
   * Durable Functions requires {@code createdTimeFrom}; here it is optional (no lower bound), which its
   * clients never notice since they always send it.
   */
  void purgeInstances(ApiRequest request) throws Exception {
    Instant from = request.instant("createdTimeFrom");
    Instant to = request.instant("createdTimeTo");
    PurgeFilter filter = new PurgeFilter(from, to, request.statuses("runtimeStatus"));
    int n = request.client().purge(filter);
    if (n == 0) {
      throw new RejectedRequestException(ApiProblem.NOT_FOUND, "No finished instances match the filter; nothing was purged.");
    }
    LOG.info("Purged {} instances matching {}", n, filter);
    answers.json(request.ctx(), 200, deleted(n));
  }

  private ObjectNode deleted(int n) {
    ObjectNode body = mapper.createObjectNode();
    body.put("instancesDeleted", n);
    return body;
  }
}

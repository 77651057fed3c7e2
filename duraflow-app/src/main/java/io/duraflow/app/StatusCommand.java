package io.duraflow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Prints an instance's status in the HTTP API's shape, plus the failure when it failed. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Print the status of an instance as JSON.")
final class StatusCommand implements Callable<Integer> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Mixin StoreOptionsMixin storeOptions;

  @Parameters(index = "0", paramLabel = "ID")
  String instanceId;

  @Override
  public Integer call() throws Exception {
    try (OrchestrationStore store = storeOptions.openExisting()) {
      DurableClient client = new StoreDurableClient(store, null, new JacksonDataConverter(), Clock.systemUTC(), storeOptions.taskHub);
      InstanceRecord r = client.getInstance(instanceId)
          .orElseThrow(() -> new InstanceNotFoundException(storeOptions.taskHub, instanceId));
      System.out.println(render(r));
      return 0;
    }
  }

  static String render(InstanceRecord r) throws Exception {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", r.name());
    node.put("instanceId", r.instanceId());
    node.put("runtimeStatus", r.runtimeStatus().wireName());
    node.set("input", r.input() == null ? null : MAPPER.readTree(r.input()));
    node.set("customStatus", r.customStatus() == null ? null : MAPPER.readTree(r.customStatus()));
    node.set("output", r.output() == null ? null : MAPPER.readTree(r.output()));
    if (r.failureDetails() != null) {
      node.put("failure", r.failureDetails().errorType() + ": " + r.failureDetails().errorMessage());
    }
    node.put("createdTime", r.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
    node.put("lastUpdatedTime", r.lastUpdatedAt().truncatedTo(ChronoUnit.SECONDS).toString());
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }
}

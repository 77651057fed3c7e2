package io.duraflow.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.InvalidInstanceStateException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.client.StartOptions;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.http.StatusDocuments;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.store.InstancePage;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.PurgeFilter;
import io.duraflow.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The instance commands straight on a store (a data directory or {@code --store}), with no server: a
 * client that accepts any orchestration name (the code lives wherever a worker runs it), answering in the
 * HTTP API's shapes.
 */
public final class LocalInstanceService implements InstanceService {
  private final OrchestrationStore store;
  private final StoreDurableClient client;
  private final boolean ownsStore;

  /** A service that closes {@code store} when closed. */
  public LocalInstanceService(OrchestrationStore store, String taskHub) {
    this(store, taskHub, true);
  }

  /** @param ownsStore whether {@link #close()} closes the store too */
  public LocalInstanceService(OrchestrationStore store, String taskHub, boolean ownsStore) {
    this.store = store;
    this.client = new StoreDurableClient(store, null, new JacksonDataConverter(), Clock.systemUTC(), taskHub);
    this.ownsStore = ownsStore;
  }

  @Override
  public Page list(ListQuery q) {
    Set<OrchestrationRuntimeStatus> statuses = statuses(q.statuses());
    InstancePage page = call(() -> client.queryInstances(
        new InstanceQuery(statuses, q.createdFrom(), q.createdTo(), q.idPrefix(), q.top(), q.continuation(), q.name())
            .withTags(q.tags()).withVersion(q.version())));
    List<JsonNode> instances = new ArrayList<>();
    for (InstanceRecord r : page.instances()) {
      instances.add(StatusDocuments.status(r, null));
    }
    return new Page(instances, page.continuationToken());
  }

  @Override
  public java.util.LinkedHashMap<String, Long> counts(ListQuery q) {
    Set<OrchestrationRuntimeStatus> statuses = statuses(q.statuses());
    java.util.Map<OrchestrationRuntimeStatus, Long> counts = call(() -> client.countInstances(
        new InstanceQuery(statuses, q.createdFrom(), q.createdTo(), q.idPrefix(), 1, null, q.name())
            .withTags(q.tags()).withVersion(q.version())));
    java.util.LinkedHashMap<String, Long> all = new java.util.LinkedHashMap<>();
    for (OrchestrationRuntimeStatus s : OrchestrationRuntimeStatus.values()) {
      all.put(s.wireName(), counts.getOrDefault(s, 0L));
    }
    return all;
  }

  @Override
  public JsonNode show(String id, boolean history) {
    InstanceRecord r = call(() -> client.getInstance(id)).orElseThrow(() -> notFound(id));
    return StatusDocuments.status(r, history ? call(() -> client.getHistory(id)) : null);
  }

  @Override
  public String start(String name, String input, String id, StartPolicy policy) {
    JsonNode parsed = input == null ? null : json(input);
    StartOptions options = new StartOptions(id, null).withIdReuse(policy.idReuse())
        .withReuseCompleted(policy.reuseCompleted()).withTags(policy.tags())
        .withQueue(policy.queue()).withPriority(policy.priority());
    return call(() -> client.startNew(name, parsed, options));
  }

  @Override
  public void raise(String id, String event, String data) {
    JsonNode parsed = data == null ? null : json(data);
    call(() -> {
      client.raiseEvent(id, event, parsed);
      return null;
    });
  }

  @Override
  public void control(String id, String operation, String reason) {
    call(() -> {
      switch (operation) {
        case "terminate" -> client.terminate(id, reason);
        case "suspend" -> client.suspend(id, reason);
        case "resume" -> client.resume(id, reason);
        case "rewind" -> client.rewind(id, reason);
        default -> throw new IllegalArgumentException("Unknown operation " + operation);
      }
      return null;
    });
  }

  @Override
  public String restart(String id, boolean newId) {
    return call(() -> client.restart(id, newId));
  }

  @Override
  public boolean purge(String id) {
    return call(() -> client.purge(id));
  }

  @Override
  public int purge(List<String> statuses, Instant createdBefore) {
    return call(() -> client.purge(new PurgeFilter(null, createdBefore, statuses(statuses))));
  }

  @Override
  public void close() {
    client.close();
    if (ownsStore) {
      store.close();
    }
  }

  private static Set<OrchestrationRuntimeStatus> statuses(List<String> names) {
    if (names == null) {
      return Set.of();
    }
    try {
      return names.stream().map(OrchestrationRuntimeStatus::parse).collect(Collectors.toSet());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ExitCodes.USAGE);
    }
  }

  private static JsonNode json(String text) {
    try {
      return StatusDocuments.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new CliException(JsonInput.describe(e), ExitCodes.USAGE);
    }
  }

  private static CliException notFound(String id) {
    return new CliException("No instance '" + id + "'", ExitCodes.USAGE);
  }

  /** The engine's refusals are the user's to fix; a store that fails is unavailable. */
  private static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (InstanceNotFoundException | InstanceAlreadyExistsException | InvalidInstanceStateException
        | IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ExitCodes.USAGE);
    } catch (StoreException e) {
      throw new CliException(e.getMessage(), ExitCodes.UNAVAILABLE);
    }
  }
}

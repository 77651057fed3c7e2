package io.duraflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.schedule.ScheduleAlreadyExistsException;
import io.duraflow.schedule.ScheduleClient;
import io.duraflow.schedule.ScheduleJson;
import io.duraflow.schedule.ScheduleNotFoundException;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.StoreException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The schedule commands straight on a store, with no server: any orchestration name is accepted (the
 * code lives wherever a worker runs it); a running node's scheduler sees the change at its next poll.
 */
final class LocalScheduleService implements ScheduleService {
  private final OrchestrationStore store;
  private final ScheduleClient schedules;

  LocalScheduleService(OrchestrationStore store, String taskHub) {
    this.store = store;
    this.schedules = new ScheduleClient(store, Clock.systemUTC(), taskHub, null, null);
  }

  @Override
  public List<JsonNode> list() {
    return call(() -> schedules.list().stream().map(s -> (JsonNode) ScheduleJson.describe(s)).toList());
  }

  @Override
  public JsonNode show(String id) {
    return call(() -> ScheduleJson.describe(schedules.require(id)));
  }

  @Override
  public JsonNode create(String id, ObjectNode definition) {
    return call(() -> ScheduleJson.describe(schedules.create(id, ScheduleJson.fromJson(definition))));
  }

  @Override
  public JsonNode pause(String id, String note) {
    return call(() -> ScheduleJson.describe(schedules.pause(id, note)));
  }

  @Override
  public JsonNode resume(String id, String note) {
    return call(() -> ScheduleJson.describe(schedules.resume(id, note)));
  }

  @Override
  public boolean delete(String id) {
    return call(() -> schedules.delete(id));
  }

  @Override
  public String trigger(String id) {
    return call(() -> schedules.trigger(id));
  }

  @Override
  public List<String> backfill(String id, java.time.Instant from, java.time.Instant to) {
    return call(() -> schedules.backfill(id, from, to));
  }

  /** Store and argument failures as the CLI's messages and exit codes. */
  private static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (ScheduleNotFoundException | ScheduleAlreadyExistsException | IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ExitCodes.USAGE);
    } catch (StoreException e) {
      throw new CliException(e.getMessage(), ExitCodes.UNAVAILABLE);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}

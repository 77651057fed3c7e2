package io.duraflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.http.MasterKey;
import java.util.List;

/**
 * The schedule commands' view of a target: a running server's HTTP API or a store directly. Answers are
 * in the HTTP API's shapes ({@code io.duraflow.schedule.ScheduleJson#describe}).
 */
interface ScheduleService extends AutoCloseable {
  List<JsonNode> list();

  JsonNode show(String id);

  JsonNode create(String id, ObjectNode definition);

  JsonNode pause(String id, String note);

  JsonNode resume(String id, String note);

  /** @return false when there was no such schedule */
  boolean delete(String id);

  /** @return the started instance's id */
  String trigger(String id);

  /** @return the ids of the instances started for the due times in {@code from .. to} */
  List<String> backfill(String id, java.time.Instant from, java.time.Instant to);

  @Override
  void close();

  /** The service {@code target} names; the caller closes it. */
  static ScheduleService open(TargetOptions target) {
    if (target.remote()) {
      String key = target.key;
      if (key == null) {
        try {
          key = MasterKey.existing(target.store.dataDir()).orElse(null);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
          key = null; // the server will answer 401, which says what to pass
        }
      }
      return new HttpScheduleService(new HttpInstanceService(target.url, key, target.store.taskHub()));
    }
    try {
      return new LocalScheduleService(target.store.openExisting(), target.store.taskHub());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage() + ", or --url to reach a running server", ExitCodes.USAGE);
    } catch (io.duraflow.store.StoreException e) {
      throw new CliException(e.getMessage(), ExitCodes.UNAVAILABLE);
    }
  }
}

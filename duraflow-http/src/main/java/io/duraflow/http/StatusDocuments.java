package io.duraflow.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.history.HistoryEvent;
import io.duraflow.store.InstanceRecord;
import java.util.List;

/**
 * The HTTP API's status object for callers outside a request (the CLI on a local data directory), so
 * that an instance reads the same whether it came over HTTP or straight from the store.
 */
public final class StatusDocuments {
  private static final ObjectMapper MAPPER = JsonLimits.answerMapper();
  private static final StatusJson JSON = new StatusJson(MAPPER);

  private StatusDocuments() {}

  /** The status object with input and, when {@code history} is not null, {@code historyEvents} with outputs. */
  public static ObjectNode status(InstanceRecord record, List<HistoryEvent> history) {
    ObjectNode body = JSON.status(record, true);
    if (history != null) {
      body.set("historyEvents", JSON.history(history, true, true));
    }
    return body;
  }

  /** The mapper answers are written with (its limits match the API's). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}

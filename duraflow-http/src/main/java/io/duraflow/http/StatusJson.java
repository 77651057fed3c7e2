package io.duraflow.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.EventRaised;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.SubOrchestrationInstanceCreated;
import io.duraflow.history.TaskScheduled;
import io.duraflow.store.InstanceRecord;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status object of Durable Functions, built from an {@link InstanceRecord}.
 *
 * <p>It always has the eight keys {@code name}, {@code instanceId}, {@code runtimeStatus}, {@code input},
 * {@code customStatus}, {@code output}, {@code createdTime}, {@code lastUpdatedTime}, with JSON null where
 * there is nothing, because clients break on a missing key. Times are UTC with second precision
 * ({@code 2022-11-27T19:36:14Z}). Payloads stored as JSON text are embedded as JSON, except one beyond
 * {@link JsonLimits#MAX_EMBEDDED_DEPTH} levels or with a number of more than {@link
 * JsonLimits#MAX_NUMBER_LENGTH} digits (the API refuses such input, but the Java client or an older
 * version may have stored it): that one is shown as {@link #TOO_DEEP}, so that it cannot make the answer,
 * or a listing that includes it, fail.
 *
 * <p>History, when asked for, follows Durable Functions' compact form: {@code OrchestratorStarted/Completed}
 * are left out, {@code TaskScheduled} is folded into its completion as {@code FunctionName} and {@code
 * ScheduledTime}, outputs ({@code Result}) appear only with {@code showHistoryOutput}, and failures show type
 * and message but no stack trace.
 */
final class StatusJson {
  /** What a stored value beyond the answer's JSON limits is shown as. */
  static final String TOO_DEEP = "(value not shown: it is nested more than " + JsonLimits.MAX_EMBEDDED_DEPTH
      + " levels deep or holds a number of more than " + JsonLimits.MAX_NUMBER_LENGTH
      + " digits, beyond what this API writes)";

  private final ObjectMapper mapper;

  StatusJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The status object of {@code record}; {@code input} is null unless {@code showInput}. */
  ObjectNode status(InstanceRecord record, boolean showInput) {
    ObjectNode node = mapper.createObjectNode();
    node.put("name", record.name());
    node.put("instanceId", record.instanceId());
    node.put("runtimeStatus", record.runtimeStatus() == null ? null : record.runtimeStatus().wireName());
    node.set("input", showInput ? embed(record.input()) : NullNode.getInstance());
    node.set("customStatus", embed(record.customStatus()));
    node.set("output", output(record));
    node.put("createdTime", time(record.createdAt()));
    node.put("lastUpdatedTime", time(record.lastUpdatedAt()));
    if (record.version() != null) { // the Durable Task status's version; absent for unversioned instances
      node.put("version", record.version());
    }
    return node;
  }

  /** Durable Functions reports a failed instance's error message as its output. */
  private JsonNode output(InstanceRecord record) {
    FailureDetails failure = record.failureDetails();
    if (record.runtimeStatus() == OrchestrationRuntimeStatus.FAILED && failure != null) {
      // The message may come from a library (the JSON converter names Java types); the type stays in history.
      String message = failure.errorMessage() == null ? "the error has no message" : PlainText.withoutJavaNames(failure.errorMessage());
      return mapper.getNodeFactory().textNode(
          "Orchestrator function '" + record.name() + "' failed: " + message);
    }
    return embed(record.output());
  }

  /** Second precision, UTC, {@code Z}: what the Functions host writes. */
  static String time(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Stored JSON text as JSON; a value beyond the answer's limits as {@link #TOO_DEEP}; text that is not JSON
   * (it should not happen) as a string.
   */
  JsonNode embed(String json) {
    if (json == null) {
      return NullNode.getInstance();
    }
    try {
      JsonNode node = mapper.readTree(json);
      return node == null || node.isMissingNode() ? mapper.getNodeFactory().textNode(json) : node;
    } catch (StreamConstraintsException e) {
      return mapper.getNodeFactory().textNode(TOO_DEEP);
    } catch (JsonProcessingException e) {
      return mapper.getNodeFactory().textNode(json);
    }
  }

  /** The history in Durable Functions' compact form. */
  ArrayNode history(List<HistoryEvent> events, boolean showHistoryOutput, boolean showInput) {
    Map<Integer, TaskScheduled> scheduled = new HashMap<>();
    Map<Integer, SubOrchestrationInstanceCreated> subOrchestrations = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e instanceof TaskScheduled t) {
        scheduled.put(t.taskId(), t);
      } else if (e instanceof SubOrchestrationInstanceCreated s) {
        subOrchestrations.put(s.taskId(), s);
      }
    }
    ArrayNode array = mapper.createArrayNode();
    for (HistoryEvent e : events) {
      if (e instanceof OrchestratorStarted
          || e instanceof TaskScheduled || e instanceof SubOrchestrationInstanceCreated) {
        continue;
      }
      ObjectNode node = array.addObject();
      node.put("EventType", e.eventType());
      Integer scheduledId = null;
      for (RecordComponent c : e.getClass().getRecordComponents()) {
        String name = c.getName();
        Object value = read(c, e);
        if (name.equals("result") && !showHistoryOutput) {
          continue;
        }
        if (name.equals("heartbeatDetails") && (value == null || !showHistoryOutput)) {
          continue; // a failed activity's progress is payload, like a result; absent on most failures
        }
        if (name.equals("input") && !(e.eventType().equals("ExecutionStarted") ? showInput : showHistoryOutput)) {
          continue;
        }
        if (name.equals("taskScheduledId") && value instanceof Integer id) {
          scheduledId = id;
        }
        // External events keep their own name; "name" elsewhere is the orchestration's or activity's.
        String key = e instanceof EventRaised && name.equals("name") ? "Name" : jsonName(name);
        node.set(key, value(value, name));
      }
      if (scheduledId != null) {
        TaskScheduled task = scheduled.get(scheduledId);
        SubOrchestrationInstanceCreated sub = subOrchestrations.get(scheduledId);
        if (task != null && e.eventType().startsWith("Task")) {
          node.put("FunctionName", task.name());
          node.put("ScheduledTime", task.timestamp() == null ? null : task.timestamp().toString());
        } else if (sub != null && e.eventType().startsWith("SubOrchestration")) {
          node.put("FunctionName", sub.name());
          node.put("InstanceId", sub.instanceId());
          node.put("ScheduledTime", sub.timestamp() == null ? null : sub.timestamp().toString());
        }
      }
    }
    return array;
  }

  /**
   * Every event of a slice of history, numbered from {@code firstIndex}: the full form the dashboard's
   * timeline reads, with {@code TaskScheduled}, {@code OrchestratorStarted}, inputs and results (each
   * bounded by the embedding limits), and failures as type and message, never a stack trace.
   */
  ArrayNode events(List<HistoryEvent> events, int firstIndex) {
    ArrayNode array = mapper.createArrayNode();
    int index = firstIndex;
    for (HistoryEvent e : events) {
      ObjectNode node = array.addObject();
      node.put("Index", index++);
      node.put("EventType", e.eventType());
      for (RecordComponent c : e.getClass().getRecordComponents()) {
        String key = e instanceof EventRaised && c.getName().equals("name") ? "Name" : jsonName(c.getName());
        node.set(key, value(read(c, e), c.getName()));
      }
    }
    return array;
  }

  private JsonNode value(Object value, String componentName) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (value instanceof String s) {
      return componentName.equals("result") || componentName.equals("input") || componentName.equals("heartbeatDetails")
          ? embed(s) : mapper.getNodeFactory().textNode(s);
    }
    if (value instanceof Instant i) {
      return mapper.getNodeFactory().textNode(i.toString());
    }
    if (value instanceof OrchestrationRuntimeStatus s) {
      return mapper.getNodeFactory().textNode(s.wireName());
    }
    if (value instanceof Enum<?> en) {
      return mapper.getNodeFactory().textNode(en.name());
    }
    if (value instanceof Number || value instanceof Boolean) {
      return mapper.valueToTree(value);
    }
    if (value instanceof FailureDetails f) {
      // Type and message only: stack traces stay in the server's store and logs. ErrorType is the
      // failure's type name by design (it is data, like Durable Functions' failure details); the message
      // is cleaned of the Java names libraries put in theirs.
      ObjectNode node = mapper.createObjectNode();
      node.put("ErrorType", f.errorType());
      node.put("ErrorMessage", f.errorMessage() == null ? null : PlainText.withoutJavaNames(f.errorMessage()));
      return node;
    }
    if (value instanceof List<?> list) { // an entity lock request's lock set
      ArrayNode array = mapper.createArrayNode();
      list.forEach(v -> array.add(value(v, componentName)));
      return array;
    }
    if (value instanceof Record r) {
      ObjectNode node = mapper.createObjectNode();
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        node.set(jsonName(c.getName()), value(read(c, r), c.getName()));
      }
      return node;
    }
    return mapper.getNodeFactory().textNode(value.toString());
  }

  private static String jsonName(String component) {
    return switch (component) {
      case "name" -> "FunctionName";
      case "status" -> "OrchestrationStatus";
      default -> component.substring(0, 1).toUpperCase(Locale.ROOT) + component.substring(1);
    };
  }

  private static Object read(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read " + c.getName() + " of " + record.getClass().getSimpleName(), e);
    }
  }
}

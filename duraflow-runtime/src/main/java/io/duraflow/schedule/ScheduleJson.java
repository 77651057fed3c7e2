package io.duraflow.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The stored form of a {@link ScheduleDefinition} (the {@code definition} column) and, with the same
 * field names, the JSON of the HTTP API. Durations are ISO-8601 ({@code PT30S}); {@link #duration} also
 * reads the short forms the CLI takes ({@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 250ms}).
 *
 * <pre>{@code
 * {"orchestration":"Report","input":{"day":1},"cron":"0 * * * *","timeZone":"Europe/Oslo",
 *  "jitter":"PT30S","overlap":"skip","catchupWindow":"PT1H"}
 * }</pre>
 */
public final class ScheduleJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ScheduleJson() {}

  /** {@code definition} as a JSON object. */
  public static ObjectNode toJson(ScheduleDefinition d) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("orchestration", d.orchestration());
    if (d.input() != null) {
      try {
        o.set("input", MAPPER.readTree(d.input()));
      } catch (java.io.IOException e) {
        o.put("input", d.input()); // checked JSON on the way in; kept as text if it ever is not
      }
    }
    ScheduleSpec s = d.spec();
    if (s.cron() != null) {
      o.put("cron", s.cron());
    } else {
      o.put("interval", s.interval().toString());
      o.put("offset", s.offset().toString());
    }
    o.put("timeZone", s.timeZone().getId());
    o.put("jitter", s.jitter().toString());
    if (s.startAt() != null) {
      o.put("startAt", s.startAt().toString());
    }
    if (s.endAt() != null) {
      o.put("endAt", s.endAt().toString());
    }
    o.put("overlap", d.overlap().wireName());
    o.put("catchupWindow", d.catchupWindow().toString());
    return o;
  }

  /**
   * {@code schedule} as the HTTP API and the CLI show it: its id and task hub, the fields of its
   * definition, and where it stands ({@code paused}, {@code note}, {@code nextDueAt},
   * {@code bufferedDueAt}, {@code lastInstanceId}, {@code createdAt}, {@code updatedAt}).
   */
  public static ObjectNode describe(Schedule s) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", s.scheduleId());
    o.put("taskHub", s.taskHub());
    o.setAll(toJson(s.definition()));
    o.put("paused", s.paused());
    o.put("note", s.note());
    o.put("nextDueAt", s.nextDueAt() == null ? null : s.nextDueAt().toString());
    o.put("bufferedDueAt", s.bufferedDueAt() == null ? null : s.bufferedDueAt().toString());
    o.put("lastInstanceId", s.lastInstanceId());
    o.put("createdAt", s.createdAt() == null ? null : s.createdAt().toString());
    o.put("updatedAt", s.updatedAt() == null ? null : s.updatedAt().toString());
    return o;
  }

  /** The stored text of {@code definition}. */
  public static String write(ScheduleDefinition d) {
    return toJson(d).toString();
  }

  /** Parses stored text. */
  public static ScheduleDefinition read(String text) {
    try {
      return fromJson(MAPPER.readTree(text));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Schedule definition is not JSON: " + e.getMessage());
    }
  }

  /**
   * A definition from a JSON object: {@code orchestration} and one of {@code cron} or {@code interval}
   * required, the rest optional.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static ScheduleDefinition fromJson(JsonNode o) {
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("A schedule must be a JSON object with 'orchestration' and 'cron' or 'interval'");
    }
    String orchestration = text(o, "orchestration");
    if (orchestration == null) {
      throw new IllegalArgumentException("Schedule field 'orchestration' is required");
    }
    JsonNode input = o.get("input");
    String inputJson = input == null || input.isNull() ? null : input.toString();
    ScheduleSpec spec = new ScheduleSpec(text(o, "cron"), duration(text(o, "interval"), "interval"),
        duration(text(o, "offset"), "offset"), zone(text(o, "timeZone")), duration(text(o, "jitter"), "jitter"),
        instant(text(o, "startAt"), "startAt"), instant(text(o, "endAt"), "endAt"));
    String overlap = text(o, "overlap");
    return new ScheduleDefinition(orchestration, inputJson, spec, overlap == null ? null : OverlapPolicy.parse(overlap),
        duration(text(o, "catchupWindow"), "catchupWindow"));
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("Schedule field '" + field + "' must be a string");
    }
    return v.asText();
  }

  /** An IANA zone id such as {@code Europe/Oslo} (or {@code UTC}); null for null. */
  public static ZoneId zone(String id) {
    if (id == null) {
      return null;
    }
    try {
      return ZoneId.of(id);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("Unknown time zone '" + id + "'; use an IANA id such as Europe/Oslo or UTC");
    }
  }

  private static Instant instant(String text, String field) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("Schedule field '" + field + "' must be an ISO-8601 UTC time such as"
          + " 2026-05-01T10:00:00Z, was '" + text + "'");
    }
  }

  /**
   * Parses a duration: ISO-8601 ({@code PT30S}) or a number with a unit {@code ms}, {@code s}, {@code m},
   * {@code h}, {@code d} ({@code 30s}); null for null.
   *
   * @throws IllegalArgumentException naming {@code what} and the accepted forms
   */
  public static Duration duration(String text, String what) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    try {
      if (t.startsWith("P") || t.startsWith("p")) {
        return Duration.parse(t);
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(t);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
    } catch (RuntimeException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("Invalid " + what + " '" + text + "'; use e.g. 30s, 5m, 1h, 2d, 250ms or PT30S");
  }
}

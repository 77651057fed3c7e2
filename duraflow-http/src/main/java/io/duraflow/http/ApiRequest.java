package io.duraflow.http;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.client.DurableClient;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One request as the routes see it: its lenient query string, the task hub and client it addresses, and
 * the absolute origin its answer's URIs are built on. Parameter parsing lives here so that every route
 * rejects bad values with the same 400 messages.
 */
final class ApiRequest {
  private static final Pattern TASK_HUB = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]{0,62}");
  /** A host[:port] safe to echo into the URIs of answers (the Host header, a proxy's forwarded host). */
  static final Pattern HOST_HEADER =
      Pattern.compile("([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");
  private static final int MAX_INSTANCE_ID_LENGTH = 256;

  private final Context ctx;
  private final HttpServerOptions options;
  private final QueryString query;

  ApiRequest(Context ctx, HttpServerOptions options) {
    this.ctx = ctx;
    this.options = options;
    this.query = QueryString.parse(ctx.queryString());
  }

  Context ctx() {
    return ctx;
  }

  QueryString query() {
    return query;
  }

  /** The {@code taskHub} query parameter, or the default hub. */
  String taskHub() {
    String hub = query.firstNonBlank("taskHub");
    if (hub == null) {
      return options.defaultTaskHub();
    }
    if (!TASK_HUB.matcher(hub).matches()) {
      throw RejectedRequestException.badRequest("Invalid taskHub '" + hub
          + "': use 1 to 63 letters, digits, '-' or '_', starting with a letter or digit.");
    }
    return hub;
  }

  /** The client of the addressed task hub. */
  DurableClient client() {
    String hub = taskHub();
    DurableClient client = options.client();
    return hub.equals(client.taskHub()) ? client : client.forTaskHub(hub);
  }

  /** The {@code connection} query parameter (accepted, not used), or the configured name. */
  String connection() {
    String connection = query.firstNonBlank("connection");
    return connection == null ? options.connectionName() : connection;
  }

  /**
   * {@code scheme://host[:port]} of this request as the client addressed it (its {@code Host} header),
   * so that the URIs in answers work from wherever the client stands; behind a trusted reverse proxy, as
   * the proxy says the client addressed it ({@link ForwardedOrigin}, prefix included).
   */
  String origin() {
    String host = ctx.header("Host");
    if (host == null || !HOST_HEADER.matcher(host).matches()) {
      // No usable Host header (HTTP/1.0, or a value we will not echo into URIs): use the socket's address.
      String local = ctx.req().getLocalAddr();
      host = (local.contains(":") ? "[" + local + "]" : local) + ":" + ctx.req().getLocalPort();
    }
    return options.trustForwardedHeaders() ? ForwardedOrigin.origin(ctx::header, ctx.scheme(), host)
        : ctx.scheme() + "://" + host;
  }

  /** The absolute URI of this request, query included. */
  String requestUri() {
    String raw = ctx.queryString();
    return origin() + ctx.req().getRequestURI() + (raw == null || raw.isEmpty() ? "" : "?" + raw);
  }

  /** A path parameter naming an instance, checked as Durable Functions checks instance ids. */
  String instanceId(String pathParam) {
    String id = ctx.pathParam(pathParam);
    checkInstanceId(id);
    return id;
  }

  static void checkInstanceId(String id) {
    if (id == null || id.isBlank()) {
      throw RejectedRequestException.badRequest("The instance id must not be empty.");
    }
    if (id.length() > MAX_INSTANCE_ID_LENGTH) {
      throw RejectedRequestException.badRequest(
          "The instance id is " + id.length() + " characters long; the limit is " + MAX_INSTANCE_ID_LENGTH + ".");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '/' || c == '\\' || c == '#' || c == '?' || Character.isISOControl(c)) {
        throw RejectedRequestException.badRequest(
            "The instance id '" + id.replaceAll("\\p{Cntrl}", "?") + "' must not contain '/', '\\', '#', '?' or control characters.");
      }
    }
  }

  /** A boolean query parameter ({@code true}/{@code false}, any case), or {@code fallback} when absent. */
  boolean flag(String name, boolean fallback) {
    String v = query.firstNonBlank(name);
    if (v == null) {
      return fallback;
    }
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw RejectedRequestException.badRequest("Query parameter '" + name + "' must be true or false, was '" + v + "'.");
  }

  /**
   * An ISO-8601 time query parameter, or null. Accepts {@code 2022-11-27T19:36:14.000Z}, offsets, local
   * times (read as UTC) and plain dates. A {@code +} of an unencoded offset arrives as a space.
   */
  Instant instant(String name) {
    String v = query.firstNonBlank(name);
    if (v == null) {
      return null;
    }
    String text = v.trim().replace(' ', '+');
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // fall through to the forms without an offset
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw RejectedRequestException.badRequest("Query parameter '" + name
          + "' must be an ISO-8601 time such as 2022-11-27T19:36:14.000Z, was '" + v + "'.");
    }
  }

  /** The runtime statuses of a {@code runtimeStatus} parameter: comma-separated and/or repeated. */
  Set<OrchestrationRuntimeStatus> statuses(String name) {
    Set<OrchestrationRuntimeStatus> result = EnumSet.noneOf(OrchestrationRuntimeStatus.class);
    for (String value : query.all(name)) {
      for (String part : value.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        try {
          result.add(OrchestrationRuntimeStatus.parse(part));
        } catch (IllegalArgumentException e) {
          throw RejectedRequestException.badRequest("Query parameter '" + name + "': " + e.getMessage());
        }
      }
    }
    return result;
  }

  /** An integer query parameter, or null. */
  Integer integer(String name) {
    String v = query.firstNonBlank(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw RejectedRequestException.badRequest("Query parameter '" + name + "' must be an integer, was '" + v + "'.");
    }
  }

  /** A duration given in (possibly fractional) seconds, or null; at most {@code max}. */
  Duration seconds(String name, Duration max) {
    String v = query.firstNonBlank(name);
    if (v == null) {
      return null;
    }
    double seconds;
    try {
      seconds = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      seconds = Double.NaN;
    }
    if (!(seconds >= 0) || seconds > max.toSeconds()) {
      throw RejectedRequestException.badRequest("Query parameter '" + name + "' must be a number of seconds between 0 and "
          + max.toSeconds() + ", was '" + v + "'.");
    }
    return Duration.ofNanos((long) (seconds * 1_000_000_000L));
  }
}

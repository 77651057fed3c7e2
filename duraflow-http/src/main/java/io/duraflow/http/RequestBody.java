package io.duraflow.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies within the configured limit and parses them as JSON.
 *
 * <p>The limit is checked twice: against {@code Content-Length} before reading, and against the bytes
 * actually read, because a chunked body declares no length. A refused body is drained (up to a bound) so
 * that the client, still busy sending, can read the 413 instead of a reset connection.
 */
final class RequestBody {
  /** Never drain more than this much of a refused body; beyond it the connection is closed instead. */
  private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;

  private final ObjectMapper mapper;
  private final long maxBytes;

  RequestBody(ObjectMapper mapper, long maxBytes) {
    this.mapper = mapper;
    this.maxBytes = maxBytes;
  }

  /** The raw body, at most {@code maxBytes} long. @throws RejectedRequestException 413 when longer */
  byte[] read(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      if (!expectsContinue(ctx)) {
        drain(ctx, declared);
      }
      throw tooLarge(declared + " bytes");
    }
    InputStream in = ctx.req().getInputStream();
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (bytes.length > maxBytes) {
      drain(ctx, -1);
      throw tooLarge("more than " + maxBytes + " bytes");
    }
    return bytes;
  }

  /**
   * The body as JSON, or null when it is empty, only whitespace, the JSON literal {@code null} or the
   * empty string {@code ""} (what the Durable Functions JavaScript client posts for "no input").
   */
  JsonNode readOptionalJson(Context ctx) throws IOException {
    byte[] bytes = read(ctx);
    if (isBlank(bytes)) {
      return null;
    }
    JsonNode node = parse(bytes);
    if (node.isNull() || (node.isTextual() && node.textValue().isEmpty())) {
      return null;
    }
    return node;
  }

  /** The body as JSON, which must be present (the literal {@code null} is accepted). */
  JsonNode readRequiredJson(Context ctx, String what) throws IOException {
    return requiredJson(read(ctx), what);
  }

  /** {@code bytes} as JSON, which must be present (the literal {@code null} is accepted). */
  JsonNode requiredJson(byte[] bytes, String what) {
    if (isBlank(bytes)) {
      throw RejectedRequestException.badRequest(
          "The request body must be JSON (" + what + "); it was empty. Send null for no payload.");
    }
    return parse(bytes);
  }

  JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = mapper.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw RejectedRequestException.badRequest("The request body is not JSON: it holds no value.");
      }
      rejectNonFiniteNumbers(node);
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw RejectedRequestException.badRequest("The request body is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw RejectedRequestException.badRequest("The request body could not be read: " + e.getMessage());
    }
  }

  /**
   * A number beyond a double's range (1e999) would be stored as {@code Infinity}, which is no JSON: every
   * later status query or listing that embeds it would fail. Refuse it here instead.
   */
  private static void rejectNonFiniteNumbers(JsonNode root) {
    java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
        throw RejectedRequestException.badRequest("The request body holds a number too large for a JSON double: "
            + node.asText() + ". Send it as a string.");
      }
      node.elements().forEachRemaining(pending::push);
    }
  }

  private RejectedRequestException tooLarge(String size) {
    return new RejectedRequestException(ApiProblem.PAYLOAD_TOO_LARGE,
        "The request body (" + size + ") exceeds the limit of " + maxBytes + " bytes.");
  }

  /**
   * True when the client waits for "100 Continue" before sending its body. Jetty sends that as soon as
   * the input stream is opened, so a body refused on its declared length must not be touched at all:
   * then it is never sent.
   */
  private static boolean expectsContinue(Context ctx) {
    String expect = ctx.header("Expect");
    return expect != null && expect.toLowerCase(java.util.Locale.ROOT).contains("100-continue");
  }

  private static void drain(Context ctx, long declared) {
    if (declared > MAX_DRAIN_BYTES) {
      ctx.header("Connection", "close");
      return;
    }
    try {
      InputStream in = ctx.req().getInputStream();
      long drained = 0;
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        drained += n;
        if (drained > MAX_DRAIN_BYTES) {
          ctx.header("Connection", "close");
          return;
        }
      }
    } catch (IOException e) {
      ctx.header("Connection", "close");
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}

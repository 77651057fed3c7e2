package io.duraflow.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads request bodies within the configured limit and parses them as JSON.
 *
 * <p>The limit is checked twice: against {@code Content-Length} before reading, and against the bytes
 * actually read, because a chunked body declares no length. A refused body is drained (up to a bound) so
 * that the client, still busy sending, can read the 413 instead of a reset connection.
 *
 * <p>Reading a body blocks a server thread until the body has arrived, so a client that trickles its body
 * holds a thread. Two things bound that: a body slower than {@link HttpServerOptions#minRequestDataRate()}
 * is cut off (408; see {@link #readPaced}), and at most {@link HttpServerOptions#maxConcurrentBodyReads()}
 * bodies are read at once; a request beyond that is answered 503 at once, never queued on a thread.
 *
 * <p>A body that cannot be read (it ends before its {@code Content-Length}, its chunks are malformed, it is
 * too slow) is the client's fault: it answers 4xx, closes the connection and logs one line, no stack trace.
 */
final class RequestBody {
  private static final Logger LOG = LoggerFactory.getLogger(RequestBody.class);
  /** Never drain more than this much of a refused body; beyond it the connection is closed instead. */
  private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;
  /** What a client refused for too many bodies at once is asked to wait, in seconds. */
  static final String BUSY_RETRY_AFTER_SECONDS = "1";

  private final ObjectMapper mapper;
  private final long maxBytes;
  private final int maxDepth;
  private final Semaphore reads;
  private final int maxReads;
  /** Bytes per second; 0 disables the check. */
  private final long minDataRate;
  /** A body gets this long before its rate counts: connection set-up, the first packet. */
  private static final long RATE_GRACE_MILLIS = 1000;

  RequestBody(ObjectMapper mapper, HttpServerOptions options) {
    this.mapper = mapper;
    this.maxBytes = options.maxBodyBytes();
    this.maxDepth = options.maxJsonDepth();
    this.maxReads = options.maxConcurrentBodyReads();
    this.reads = new Semaphore(maxReads);
    this.minDataRate = options.minRequestDataRate();
  }

  /**
   * The raw body, at most {@code maxBytes} long.
   *
   * @throws RejectedRequestException 413 when longer, 400 when unreadable, 408 when too slow, 503 when too
   *     many bodies are being read
   */
  byte[] read(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      if (!expectsContinue(ctx)) {
        drain(ctx, declared);
      }
      throw tooLarge(declared + " bytes");
    }
    if (declared == 0) {
      return new byte[0];
    }
    if (!reads.tryAcquire()) {
      // Answer at once: queueing would hold this thread as long as the slow bodies ahead of it.
      ctx.header("Retry-After", BUSY_RETRY_AFTER_SECONDS);
      ctx.header("Connection", "close");
      throw new RejectedRequestException(ApiProblem.SERVICE_UNAVAILABLE, "The server is receiving " + maxReads
          + " request bodies already; retry in a moment.");
    }
    try {
      byte[] bytes = readPaced(ctx.req().getInputStream(), (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        drain(ctx, -1);
        throw tooLarge("more than " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException | BadMessageException e) {
      throw unreadable(ctx, e);
    } finally {
      reads.release();
    }
  }

  /**
   * Reads up to {@code limit} bytes, cutting off a body that arrives more slowly than the minimum data
   * rate. Jetty's own check measures from the body's first byte, so a small body that arrived at once but
   * is read a little later (a busy server) looked slow and got 408; this one measures from when reading
   * starts and allows a grace second, so only a trickle is cut off.
   */
  private byte[] readPaced(InputStream in, int limit) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long start = System.nanoTime();
    int received = 0;
    while (received < limit) {
      int n = in.read(buffer, 0, Math.min(buffer.length, limit - received));
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      received += n;
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      if (minDataRate > 0 && elapsedMillis > RATE_GRACE_MILLIS
          && received < minDataRate * (elapsedMillis - RATE_GRACE_MILLIS) / 1000) {
        throw new BadMessageException(408, "request body below the minimum data rate");
      }
    }
    return out.toByteArray();
  }

  /** The answer to a body that broke off, broke its framing or came too slowly; logged in one line. */
  private static RejectedRequestException unreadable(Context ctx, Exception failure) {
    ctx.header("Connection", "close");
    BadMessageException bad = null;
    for (Throwable t = failure; t != null && bad == null; t = t.getCause()) {
      if (t instanceof BadMessageException b) {
        bad = b;
      }
    }
    RejectedRequestException answer;
    if (bad != null && bad.getCode() == 408) {
      answer = new RejectedRequestException(ApiProblem.REQUEST_TIMEOUT,
          "The request body arrived too slowly and was cut off; send it at once.");
    } else if (bad != null && bad.getCode() == 413) {
      answer = new RejectedRequestException(ApiProblem.PAYLOAD_TOO_LARGE, "The request body is too large.");
    } else {
      answer = RejectedRequestException.badRequest("The request body could not be read: it ended before its"
          + " declared length, or its chunked framing is invalid.");
    }
    String reason = bad != null && bad.getReason() != null ? bad.getReason() : failure.getMessage();
    LOG.info("{} {}: refused a body that could not be read ({})", ctx.method(), PlainText.safePath(ctx.path()),
        PlainText.withoutJavaNames(reason));
    return answer;
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
      throw RejectedRequestException.badRequest(PlainText.jsonProblem(e, maxDepth));
    } catch (IOException e) {
      throw RejectedRequestException.badRequest("The request body could not be read: " + PlainText.withoutJavaNames(e.getMessage()));
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

package io.duraflow.faces;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches image bytes from http(s), {@code data:} and (when allowed) {@code file:} URLs.
 *
 * <p>Guards: every HTTP hop's host is resolved and checked by {@link AddressPolicy} before the request;
 * redirects are followed by hand (at most {@code maxRedirects}) so each hop is checked; the body is
 * capped at {@code maxImageBytes} while it streams (a lying or missing Content-Length cannot bypass it);
 * one deadline ({@code fetchTimeout}) covers all hops and the body. The check and the connection resolve
 * the name separately, but the JVM caches a successful lookup (30 s by default), so the connection uses
 * the address that was checked unless the cache is disabled.
 *
 * <p>Thread-safe; share one per options.
 */
public final class ImageFetcher {
  private static final String USER_AGENT = "duraflow-faces/0.1";
  private final FaceOptions options;
  private final AddressPolicy policy;
  private final HttpClient client;

  public ImageFetcher(FaceOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.policy = new AddressPolicy(options.allowPrivateUrls());
    this.client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(options.connectTimeout())
        .proxy(HttpClient.Builder.NO_PROXY) // a proxy would resolve names itself, beyond the guard's reach
        .build();
  }

  /**
   * The bytes behind {@code url}.
   *
   * @throws FaceImageException.Refused for a scheme or address the options do not allow
   * @throws FaceImageException.FetchFailed for HTTP 4xx, missing files, too many redirects, too large
   * @throws FaceImageException.Unavailable for timeouts, connection failures, HTTP 5xx and 429
   */
  public byte[] fetch(String url) {
    String source = describe(url);
    if (url == null || url.isBlank()) {
      throw new FaceImageException.Refused(source, "empty URL");
    }
    String trimmed = url.strip();
    String scheme = schemeOf(trimmed);
    switch (scheme) {
      case "data":
        return decodeDataUrl(trimmed, source);
      case "file":
        return readFile(trimmed, source);
      case "http":
      case "https":
        return fetchHttp(trimmed, source);
      default:
        throw new FaceImageException.Refused(source, "unsupported URL scheme '" + scheme
            + "' (http, https, data" + (options.allowFileUrls() ? ", file" : "") + " are allowed)");
    }
  }

  /** A short form of {@code url} for messages and output: data: URLs are cut after 64 characters. */
  public static String describe(String url) {
    if (url == null) {
      return "(null)";
    }
    if (url.length() > 64 && url.regionMatches(true, 0, "data:", 0, 5)) {
      return url.substring(0, 64) + "...(" + url.length() + " chars)";
    }
    return url;
  }

  private static String schemeOf(String url) {
    int colon = url.indexOf(':');
    return colon <= 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  private byte[] decodeDataUrl(String url, String source) {
    int comma = url.indexOf(',');
    if (comma < 0) {
      throw new FaceImageException.FetchFailed(source, "malformed data: URL (no comma)");
    }
    String meta = url.substring(5, comma).toLowerCase(Locale.ROOT);
    String payload = url.substring(comma + 1);
    if (payload.length() > options.maxImageBytes() * 4 / 3 + 4 + 1024) {
      throw tooLarge(source);
    }
    byte[] bytes;
    try {
      if (meta.endsWith(";base64")) {
        bytes = Base64.getMimeDecoder().decode(payload);
      } else {
        bytes = URLDecoder.decode(payload.replace("+", "%2B"), StandardCharsets.ISO_8859_1)
            .getBytes(StandardCharsets.ISO_8859_1);
      }
    } catch (IllegalArgumentException e) {
      throw new FaceImageException.FetchFailed(source, "malformed data: URL: " + e.getMessage());
    }
    if (bytes.length > options.maxImageBytes()) {
      throw tooLarge(source);
    }
    return bytes;
  }

  private byte[] readFile(String url, String source) {
    if (!options.allowFileUrls()) {
      throw new FaceImageException.Refused(source, "file: URLs are disabled (allow with --allow-file-urls)");
    }
    Path path;
    try {
      path = Path.of(new URI(url));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new FaceImageException.FetchFailed(source, "malformed file: URL: " + e.getMessage());
    }
    try {
      if (Files.size(path) > options.maxImageBytes()) {
        throw tooLarge(source);
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new FaceImageException.FetchFailed(source, "no such file " + path);
    } catch (IOException e) {
      throw new FaceImageException.FetchFailed(source, "cannot read " + path + ": " + messageOf(e));
    }
  }

  private byte[] fetchHttp(String url, String source) {
    long deadline = System.nanoTime() + options.fetchTimeout().toNanos();
    URI uri = parseHttp(url, source);
    for (int hop = 0; ; hop++) {
      policy.check(uri.getHost(), source);
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (left.isNegative() || left.isZero()) {
        throw new FaceImageException.Unavailable(source, "timed out after " + options.fetchTimeout(), null);
      }
      HttpRequest request = HttpRequest.newBuilder(uri)
          .timeout(left)
          .header("User-Agent", USER_AGENT)
          .header("Accept", "image/*")
          .GET()
          .build();
      CompletableFuture<HttpResponse<byte[]>> future =
          client.sendAsync(request, info -> new CappedBody(info, options.maxImageBytes()));
      HttpResponse<byte[]> response;
      try {
        response = future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        throw new FaceImageException.Unavailable(source, "timed out after " + options.fetchTimeout(), e);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new FaceImageException.Unavailable(source, "interrupted", e);
      } catch (ExecutionException e) {
        throw failure(e.getCause(), uri, source);
      }
      int status = response.statusCode();
      if (status >= 300 && status < 400 && status != 304) {
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null) {
          throw new FaceImageException.FetchFailed(source, "HTTP " + status + " without Location from " + uri);
        }
        if (hop >= options.maxRedirects()) {
          throw new FaceImageException.FetchFailed(source, "more than " + options.maxRedirects() + " redirects");
        }
        uri = parseHttp(uri.resolve(location.strip()).toString(), source);
        continue;
      }
      if (status == 429 || status == 408 || status >= 500) {
        throw new FaceImageException.Unavailable(source, "HTTP " + status + " from " + uri, null);
      }
      if (status < 200 || status >= 300) {
        throw new FaceImageException.FetchFailed(source, "HTTP " + status + " from " + uri);
      }
      return response.body();
    }
  }

  private URI parseHttp(String url, String source) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new FaceImageException.FetchFailed(source, "malformed URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new FaceImageException.Refused(source, "redirect to unsupported scheme '" + scheme + "'");
    }
    if (uri.getHost() == null) {
      // java.net.URI takes no host from an authority like "127.1" or "0x7f.0.0.1": say why it is refused
      // rather than that it has no host.
      String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
      String host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":[0-9]*$", "");
      String why = host.isEmpty() ? null : policy.refusalByName(host);
      if (why != null) {
        throw new FaceImageException.Refused(source, "refused to fetch from " + host + ": " + why);
      }
      throw new FaceImageException.FetchFailed(source, "URL without a valid host: " + url);
    }
    if (uri.getRawUserInfo() != null) {
      throw new FaceImageException.Refused(source, "URLs with credentials are not fetched");
    }
    return uri;
  }

  private FaceImageException failure(Throwable cause, URI uri, String source) {
    if (cause instanceof FaceImageException fe) {
      return fe;
    }
    if (ImageDecoder.ranOutOfMemory(cause)) {
      // The body collector could not grow: a verdict on this server's memory, not on the image.
      return new FaceImageException.Unavailable(source, "not enough memory to receive the image now (the server is busy);"
          + " it will be tried again", null);
    }
    if (cause instanceof HttpTimeoutException) {
      return new FaceImageException.Unavailable(source, "timed out fetching " + uri, cause);
    }
    if (cause instanceof ConnectException) {
      // Java's ConnectException often has no message ("...: null" before): say what it means.
      String why = cause.getMessage() == null || cause.getMessage().isBlank() ? "the connection was refused"
          : cause.getMessage();
      return new FaceImageException.Unavailable(source, "cannot connect to " + uri + ": " + why, cause);
    }
    if (cause instanceof BodyTooLarge) {
      return tooLarge(source);
    }
    if (cause instanceof IOException) {
      return new FaceImageException.Unavailable(source, "I/O error fetching " + uri + ": " + messageOf(cause), cause);
    }
    return new FaceImageException.FetchFailed(source, "cannot fetch " + uri + ": " + messageOf(cause));
  }

  /** What went wrong, in words: users see messages, not Java type names. */
  private static String messageOf(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? "the connection failed" : m;
  }

  private FaceImageException tooLarge(String source) {
    long cap = options.maxImageBytes();
    String limit = cap >= 1 << 20 ? DecodeBudget.mib(cap) + " (" + cap + " bytes)" : cap + " bytes";
    return new FaceImageException.FetchFailed(source, "image larger than the limit of " + limit);
  }

  /** The body (or its Content-Length) exceeded the cap. */
  private static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** Collects the body, failing as soon as it exceeds the cap (Content-Length is checked up front too). */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    // Chunks as they arrive, joined once at the end: a growing ByteArrayOutputStream copies at each doubling
    // and holds up to 3 times the body at once (192 MiB for a 64 MiB photo); this holds at most twice.
    private final List<byte[]> chunks = new ArrayList<>();
    private long received;
    private final long cap;
    private final boolean redirect;
    private Flow.Subscription subscription;

    CappedBody(HttpResponse.ResponseInfo info, long cap) {
      this.cap = cap;
      this.redirect = info.statusCode() >= 300 && info.statusCode() < 400;
      long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (length > cap && info.statusCode() < 300) {
        result.completeExceptionally(new BodyTooLarge());
      }

    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (result.isDone()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        // A redirect's body is never used: drain it without keeping it.
        if (redirect) {
          continue;
        }
        chunks.add(chunk);
        received += chunk.length;
      }
      if (received > cap) {
        subscription.cancel();
        result.completeExceptionally(new BodyTooLarge());
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      byte[] body = new byte[(int) received];
      int at = 0;
      for (byte[] chunk : chunks) {
        System.arraycopy(chunk, 0, body, at, chunk.length);
        at += chunk.length;
      }
      chunks.clear();
      result.complete(body);
    }
  }
}

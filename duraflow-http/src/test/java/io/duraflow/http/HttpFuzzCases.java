package io.duraflow.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The request generator of {@link HttpFuzzTest}: from one seeded {@link Random}, raw HTTP/1.1 requests that
 * break framing (lengths, chunks, transfer codings, pipelining, header sizes, request lines,
 * percent-encoding), encodings (invalid UTF-8, BOMs, UTF-16/32), JSON shapes (depth, sizes, numbers) and
 * routing (methods, paths, query strings, with and without the key). The same seed gives the same requests.
 */
final class HttpFuzzCases {
  /** One request to send. {@code slowTail} bytes, when present, are trickled after {@code bytes}. */
  record Case(String kind, byte[] bytes, int answers, boolean keyed, boolean head, byte[] slowTail) {
    String printable() {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      if (text.length() > 1500) {
        text = text.substring(0, 1500) + "...(" + bytes.length + " bytes)";
      }
      StringBuilder sb = new StringBuilder();
      for (char c : text.toCharArray()) {
        if (c == '\r') {
          sb.append("\\r");
        } else if (c == '\n') {
          sb.append("\\n\n");
        } else if (c < 0x20 || c > 0x7e) {
          sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
        } else {
          sb.append(c);
        }
      }
      return kind + (slowTail == null ? "" : " (then " + slowTail.length + " bytes trickled)") + ":\n" + sb;
    }
  }

  static final List<String> KINDS = List.of("content-length", "short-body", "chunks", "transfer-encoding",
      "pipelining", "big-headers", "request-line", "percent-encoding", "encoding", "json", "route", "slow-body");

  private static final String[] NAMES = {"Echo", "Hello", "WaitForApproval", "Throws", "Orchestrator", "Nope", ""};
  private static final String[] METHODS = {"GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD", "TRACE", "BREW", "get"};

  private final Random random;
  private final String key;
  private final String hub;

  HttpFuzzCases(long seed, String key, String hub) {
    this.random = new Random(seed);
    this.key = key;
    this.hub = hub;
  }

  /** The next case: a slow body when {@code slow} (they cost a second each), else any other kind. */
  Case next(boolean slow) {
    String kind = slow ? "slow-body" : KINDS.get(random.nextInt(KINDS.size() - 1));
    return switch (kind) {
      case "content-length" -> contentLength();
      case "short-body" -> shortBody();
      case "chunks" -> chunks();
      case "transfer-encoding" -> transferEncoding();
      case "pipelining" -> pipelining();
      case "big-headers" -> bigHeaders();
      case "request-line" -> requestLine();
      case "percent-encoding" -> percentEncoding();
      case "encoding" -> encoding();
      case "json" -> json();
      case "route" -> route();
      default -> slowBody();
    };
  }

  private Case contentLength() {
    String[] values = {"abc", "-1", "1, 2", "99999999999999999999", "+5", " 5", "0x10", "5\r\nContent-Length: 7", "2"};
    String body = "{\"a\":1}";
    String cl = values[random.nextInt(values.length)];
    String extra = random.nextBoolean() ? "Transfer-Encoding: chunked\r\n" : "";
    return plain("content-length", post(starter(), "Content-Length: " + cl + "\r\n" + extra, body));
  }

  private Case shortBody() {
    String body = jsonValue(3);
    int declared = body.length() + 1 + random.nextInt(500);
    return plain("short-body", post(anyBodyRoute(), "Content-Length: " + declared + "\r\n", body));
  }

  private Case chunks() {
    String[] bodies = {"zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}\r\n", "5\r\n{}\r\n0\r\n\r\n", "2;ext=\"\r\n{}\r\n0\r\n\r\n",
        "-2\r\n{}\r\n0\r\n\r\n", "2\r\n{}0\r\n\r\n", "ffffffffffffffff\r\n{}\r\n0\r\n\r\n", "2\n{}\n0\n\n",
        "2\r\n{}\r\n0\r\nX-Trailer: " + key + "\r\n\r\n", "10\r\n{\"a\":"};
    return plain("chunks", post(anyBodyRoute(), "Transfer-Encoding: chunked\r\n", bodies[random.nextInt(bodies.length)]));
  }

  private Case transferEncoding() {
    String[] codings = {"gzip, chunked", "chunked, gzip", "identity", "xchunked", "chunked, chunked", "deflate", "gzip",
        "chunked;q=1", "CHUNKED", ""};
    String coding = codings[random.nextInt(codings.length)];
    return plain("transfer-encoding", post(starter(), "Transfer-Encoding: " + coding + "\r\n", "2\r\n{}\r\n0\r\n\r\n"));
  }

  private Case pipelining() {
    int n = 2 + random.nextInt(3);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String path = random.nextBoolean() ? "/health" : DurableHttpServer.INSTANCES + "?code=" + key + "&top=1";
      all.append("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
          .append(i == n - 1 ? "Connection: close\r\n" : "").append("\r\n");
    }
    return new Case("pipelining", all.toString().getBytes(StandardCharsets.UTF_8), n, true, false, null);
  }

  private Case bigHeaders() {
    int size = 4_000 + random.nextInt(60_000);
    String header = random.nextBoolean()
        ? "X-Big: " + "a".repeat(size) + "\r\n"
        : "X-Many: 1\r\n".repeat(size / 11);
    String path = random.nextBoolean() ? starter() : "/api/orchestrators/" + "n".repeat(size) + "?code=" + key;
    return plain("big-headers", post(path, header + "Content-Length: 2\r\n", "{}"));
  }

  private Case requestLine() {
    String[] lines = {"GET\r\n\r\n", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", "G@T / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET  /health  HTTP/1.1\r\nHost: x\r\n\r\n", "GET /health\r\n\r\n", "GET http://127.0.0.1/health HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /health HTTP/1.0\r\n\r\n", "\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n", "GET /health?code=" + key + " HTTP/1.1\r\n\r\n",
        "GET /api/orchestrators/Echo?code=" + key + " HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "\u0000\u0001\u0002\r\n\r\n",
        "GET * HTTP/1.1\r\nHost: x\r\n\r\n", "GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: x\r\n Folded: yes\r\n\r\n", "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"};
    String line = lines[random.nextInt(lines.length)];
    return plain("request-line", line.getBytes(StandardCharsets.ISO_8859_1));
  }

  private Case percentEncoding() {
    String[] escapes = {"%", "%z", "%zz", "%ff", "%c0%af", "%00", "%2F", "%2e%2e", "%e2%82", "%%", "%u0041", "%ed%a0%80"};
    String e = escapes[random.nextInt(escapes.length)];
    String[] paths = {"/api/orchestrators/" + e, DurableHttpServer.INSTANCES + "/" + e, DurableHttpServer.INSTANCES + "/x" + e + "/terminate",
        "/" + e, "/api/orchestrators/Echo/" + e};
    String query = "code=" + key + (random.nextBoolean() ? "&reason=" + e : "&taskHub=" + e);
    String method = random.nextBoolean() ? "GET" : "POST";
    String request = method + " " + paths[random.nextInt(paths.length)] + "?" + query
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";
    return plain("percent-encoding", request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private Case encoding() {
    byte[][] bodies = {
        {(byte) 0xff, (byte) 0xfe, '{', '}'},
        {'"', (byte) 0xc3, '"'},
        {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'},
        {'"', (byte) 0xc0, (byte) 0xaf, '"'},
        {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'},
        "{\"s\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8),
        "{\"s\":\"\u00e9\u4e2d\ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8),
        "\ufeff{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_16BE),
        "\ufeff{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_16LE),
        "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE),
        "{\"a\":1}".getBytes(java.nio.charset.Charset.forName("UTF-32BE")),
        {0, 0, 0}};
    byte[] body = bodies[random.nextInt(bodies.length)];
    String contentType = random.nextBoolean() ? "Content-Type: application/json; charset=utf-16\r\n" : "";
    return plain("encoding", concat(head("POST", anyBodyRoute(), contentType + "Content-Length: " + body.length + "\r\n"), body));
  }

  private Case json() {
    String body = switch (random.nextInt(8)) {
      case 0 -> "[".repeat(1 + random.nextInt(3000)) + "]".repeat(0);
      case 1 -> { int d = 1 + random.nextInt(3000); yield "[".repeat(d) + "]".repeat(d); }
      case 2 -> { int d = 1 + random.nextInt(1500); yield "{\"a\":".repeat(d) + "1" + "}".repeat(d); }
      case 3 -> "\"" + "x".repeat(random.nextInt(1_200_000)) + "\"";
      case 4 -> "1".repeat(1 + random.nextInt(5000));
      case 5 -> random.nextBoolean() ? "1e" + random.nextInt(100_000) : "-0." + "0".repeat(random.nextInt(2000)) + "1e-999";
      case 6 -> { StringBuilder sb = new StringBuilder("{"); int n = random.nextInt(20_000);
        for (int i = 0; i < n; i++) { sb.append(i == 0 ? "" : ",").append("\"k").append(random.nextInt(n + 1)).append("\":").append(i); }
        yield sb.append('}').toString(); }
      default -> jsonValue(4);
    };
    return plain("json", post(anyBodyRoute(), "Content-Type: application/json\r\nContent-Length: " + utf8(body).length + "\r\n", body));
  }

  private Case route() {
    String method = METHODS[random.nextInt(METHODS.length)];
    String path = switch (random.nextInt(6)) {
      case 0 -> "/api/orchestrators/" + pick(NAMES) + (random.nextBoolean() ? "/" + segment() : "");
      case 1 -> DurableHttpServer.WEBHOOK + "/orchestrators/" + pick(NAMES);
      case 2 -> DurableHttpServer.INSTANCES + (random.nextBoolean() ? "/" : "");
      case 3 -> DurableHttpServer.INSTANCES + "/" + segment() + pick(new String[] {"", "/terminate", "/suspend", "/resume",
          "/rewind", "/restart", "/raiseEvent/" + segment(), "/raiseEvent/"});
      case 4 -> "/" + segment() + "/" + segment();
      default -> pick(new String[] {"/health", "/openapi.json", "/", "//api//orchestrators//Echo", "/api/orchestrators/Echo/"});
    };
    StringBuilder query = new StringBuilder();
    int keyChoice = random.nextInt(4);
    boolean keyed = keyChoice == 0 || keyChoice == 1;
    if (keyChoice == 0) {
      query.append("code=").append(key);
    } else if (keyChoice == 2) {
      query.append("code=").append(key, 0, 5);
    }
    String[] params = {"taskHub=" + pick(new String[] {hub, "Other", "bad hub", "-x", ""}), "top=" + (random.nextInt(3000) - 5),
        "showHistory=" + pick(new String[] {"true", "false", "maybe"}), "showHistoryOutput=true", "showInput=false",
        "timeout=" + pick(new String[] {"0", "0.2", "1", "-1", "x", "1e9"}), "retryInterval=2", "runtimeStatus=" + pick(new String[] {"Running", "Completed,Failed", "Nope"}),
        "createdTimeFrom=" + pick(new String[] {"2020-01-01", "yesterday", "2020-01-01T00:00:00+01:00"}),
        "instanceIdPrefix=" + segment(), "reason=" + segment(), "restartWithNewInstanceId=" + pick(new String[] {"true", "false"}),
        "returnInternalServerErrorOnFailure=true", segment(), "&&", "=="};
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      query.append(query.length() == 0 ? "" : "&").append(pick(params));
    }
    String headers = keyChoice == 1 ? "x-functions-key: " + key + "\r\n" : "";
    if (random.nextInt(4) == 0) {
      headers += "x-ms-continuation-token: " + segment() + "\r\n";
    }
    String body = random.nextBoolean() ? jsonValue(2) : "";
    String target = path + (query.length() == 0 ? "" : "?" + query);
    byte[] bytes = concat(head(method, target, headers + "Content-Length: " + utf8(body).length + "\r\n"), utf8(body));
    return new Case("route", bytes, 1, keyed, method.equals("HEAD"), null);
  }

  private Case slowBody() {
    String body = jsonValue(2);
    byte[] all = utf8(body + " ".repeat(200));
    byte[] first = concat(head("POST", starter(), "Content-Length: " + all.length + "\r\n"), new byte[] {all[0]});
    byte[] tail = new byte[all.length - 1];
    System.arraycopy(all, 1, tail, 0, tail.length);
    return new Case("slow-body", first, 1, true, false, tail);
  }

  private Case plain(String kind, byte[] bytes) {
    return new Case(kind, bytes, 1, true, false, null);
  }

  private byte[] post(String target, String headers, String body) {
    return concat(head("POST", target, headers), body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] head(String method, String target, String headers) {
    return (method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private String starter() {
    return "/api/orchestrators/" + pick(new String[] {"Echo", "Hello", "Echo/" + segment()}) + "?code=" + key;
  }

  private String anyBodyRoute() {
    return random.nextInt(3) == 0
        ? DurableHttpServer.INSTANCES + "/" + segment() + "/raiseEvent/Approval?code=" + key
        : starter();
  }

  /** A path segment: letters, digits and characters that need care (never a Java-looking name). */
  private String segment() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.~%20%41!$'()*+,;=:@\u00e9";
    int n = random.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      sb.append(c == '\u00e9' ? "%C3%A9" : String.valueOf(c));
    }
    return sb.toString();
  }

  private String jsonValue(int depth) {
    if (depth == 0) {
      return pick(new String[] {"1", "-2.5e3", "true", "null", "\"s\"", "\"\\u00e9\\n\"", "0", "\"\""});
    }
    return switch (random.nextInt(4)) {
      case 0 -> "[" + jsonValue(depth - 1) + "," + jsonValue(depth - 1) + "]";
      case 1 -> "{\"a\":" + jsonValue(depth - 1) + ",\"b\":" + jsonValue(depth - 1) + "}";
      default -> jsonValue(0);
    };
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.write(a, 0, a.length);
    out.write(b, 0, b.length);
    return out.toByteArray();
  }
}

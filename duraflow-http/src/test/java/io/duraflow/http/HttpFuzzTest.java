package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded raw-socket fuzzing of a live server (real engine, SQLite in a temporary directory): broken
 * framing, odd encodings, deep and huge JSON, random routes, methods and query strings with and without
 * the key, slow bodies. After every request:
 *
 * <ul>
 *   <li>an answer or a close arrives within {@link #DEADLINE} (never a hang);
 *   <li>no 5xx, except the declared ones: 503 with {@code Retry-After} (too many bodies at once), 500
 *       carrying a Failed status object ({@code returnInternalServerErrorOnFailure=true}) and Jetty's 505 to
 *       an HTTP version other than 1.0 or 1.1;
 *   <li>no error answer, and no answer to a request without the key, contains the key; a success answer
 *       contains it only in {@code code=} of the URIs Durable Functions hands out;
 *   <li>no stack trace or Java type name in a body;
 * </ul>
 * and every {@link #HEALTH_EVERY} requests {@code /health} answers 200. At the end the server log holds
 * no stack trace and no key.
 *
 * <p>Bounded by default (CI: {@value #BOUNDED_REQUESTS} requests, fixed seed). The long form: {@code
 * -Dduraflow.fuzz.long=true} ({@value #LONG_REQUESTS} requests, a random seed); {@code
 * -Dduraflow.fuzz.seed=N} and {@code -Dduraflow.fuzz.requests=N} override either. A failure prints the seed
 * and each failing request.
 */
@Tag("slow")
class HttpFuzzTest {
  static final int BOUNDED_REQUESTS = 4000;
  static final int LONG_REQUESTS = 20_000;
  static final long BOUNDED_SEED = 9_2026L;
  static final Duration DEADLINE = Duration.ofSeconds(20);
  static final int HEALTH_EVERY = 10;
  /** Slow bodies cost about a second each; one in this many requests may be one. */
  static final int SLOW_EVERY = 200;
  /** Fields whose values are names by design: history's ErrorType, and the error word of an error answer. */
  static final java.util.regex.Pattern ERROR_TYPE = java.util.regex.Pattern.compile("\"(?:ErrorType|error)\":\"[^\"]*\"");

  private long slowestNanos;
  private String slowest;

  @Test
  void randomHostileRequests_neverA5xxHangOrLeak(@TempDir java.nio.file.Path dir) throws Exception {
    boolean longForm = Boolean.getBoolean("duraflow.fuzz.long");
    long seed = Long.getLong("duraflow.fuzz.seed", longForm ? System.nanoTime() : BOUNDED_SEED);
    int requests = Integer.getInteger("duraflow.fuzz.requests", longForm ? LONG_REQUESTS : BOUNDED_REQUESTS);
    System.out.println("HTTP fuzz: seed " + seed + ", " + requests + " requests (-Dduraflow.fuzz.seed=" + seed + " repeats it)");

    Map<String, Integer> byKind = new TreeMap<>();
    Map<Integer, Integer> byStatus = new TreeMap<>();
    List<String> violations = new ArrayList<>();
    int healthProbes = 0;
    slowestNanos = 0;
    slowest = "none";
    long started = System.nanoTime();
    try (HttpFixture f = new HttpFixture(dir); LogCapture log = new LogCapture()) {
      HttpFuzzCases cases = new HttpFuzzCases(seed, HttpFixture.KEY, HttpFixture.HUB);
      for (int i = 0; i < requests && violations.size() < 20; i++) {
        HttpFuzzCases.Case c = cases.next(i % SLOW_EVERY == SLOW_EVERY - 1);
        byKind.merge(c.kind(), 1, Integer::sum);
        List<RawHttp.Answer> answers;
        long sent = System.nanoTime();
        try {
          answers = send(f.port, c);
        } catch (RawHttp.NoAnswerException e) {
          violations.add(report(seed, i, c, "no answer and no close within " + DEADLINE.toSeconds() + " s", null));
          continue;
        } finally {
          long took = System.nanoTime() - sent;
          if (took > slowestNanos) {
            slowestNanos = took;
            slowest = "#" + i + " " + c.kind();
          }
        }
        for (RawHttp.Answer a : answers) {
          byStatus.merge(a.status(), 1, Integer::sum);
          String problem = check(c, a);
          if (problem != null) {
            violations.add(report(seed, i, c, problem, a));
          }
        }
        if (i % HEALTH_EVERY == 0) {
          healthProbes++;
          HttpFixture.Response health = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/health"))
              .timeout(Duration.ofSeconds(10)).GET());
          if (health.status() != 200) {
            violations.add(report(seed, i, c, "/health answered " + health.status() + " after this request", null));
          }
        }
      }
      String logged = log.text();
      if (logged.contains(HttpFixture.KEY)) {
        violations.add("seed " + seed + ": the server log contains the key");
      }
      if (logged.contains("\tat ")) {
        violations.add("seed " + seed + ": the server log contains a stack trace:\n" + excerpt(logged, "\tat "));
      }
    }
    System.out.printf("HTTP fuzz: seed %d, %d requests in %.1f s, %d health probes; by kind %s; by status %s;"
        + " slowest %s (%.1f s); %d violations%n", seed, requests, (System.nanoTime() - started) / 1e9, healthProbes,
        byKind, byStatus, slowest, slowestNanos / 1e9, violations.size());
    assertThat(violations).as("HTTP fuzz, seed " + seed).isEmpty();
  }

  private static List<RawHttp.Answer> send(int port, HttpFuzzCases.Case c) throws IOException, InterruptedException {
    List<RawHttp.Answer> answers = new ArrayList<>();
    try (RawHttp http = new RawHttp(port, DEADLINE)) {
      try {
        http.send(c.bytes());
        if (c.slowTail() != null) {
          trickle(http, c.slowTail());
        }
        http.shutdownOutput();
      } catch (java.net.SocketException e) {
        // The server answered and closed before the request was all sent (header too large, refused body).
      }
      for (int n = 0; n < c.answers(); n++) {
        RawHttp.Answer a = http.read(c.head());
        while (a.status() == 100) {
          a = http.read(c.head());
        }
        answers.add(a);
        if (a.closedWithoutAnswer()) {
          break;
        }
      }
    }
    return answers;
  }

  /** 5 bytes per second, far below the minimum rate: the server must cut it off, not wait for it. */
  private static void trickle(RawHttp http, byte[] tail) throws IOException, InterruptedException {
    for (int i = 0; i < tail.length && !http.answerWaiting(); i++) {
      TimeUnit.MILLISECONDS.sleep(200);
      http.send(new byte[] {tail[i]});
    }
  }

  /** The invariant this answer breaks, or null. */
  static String check(HttpFuzzCases.Case c, RawHttp.Answer a) {
    if (a.closedWithoutAnswer()) {
      return null;
    }
    int status = a.status();
    if (status >= 500 && !declared5xx(a)) {
      return "answered " + status + " (only 503 with Retry-After and a Failed status object's 500 are declared)";
    }
    String text = a.head() + "\r\n\r\n" + a.body();
    String withoutUris = text.replace("code=" + HttpFixture.KEY, "code=<key>");
    if ((status >= 300 || !c.keyed()) && text.contains(HttpFixture.KEY)) {
      return "the key is echoed in an answer with status " + status;
    }
    if (withoutUris.contains(HttpFixture.KEY)) {
      return "the key appears outside a management URI";
    }
    // ErrorType in history is the failure's type name by design; every message must be free of them.
    if (HostileInputHttpTest.JAVA_NAME.matcher(ERROR_TYPE.matcher(a.body()).replaceAll("")).find()) {
      return "a Java name or stack trace in the body";
    }
    return null;
  }

  private static boolean declared5xx(RawHttp.Answer a) {
    if (a.status() == 505) {
      return true; // Jetty's protocol answer to a request line with an HTTP version other than 1.0 or 1.1
    }
    if (a.status() == 503) {
      return a.header("Retry-After") != null;
    }
    return a.status() == 500 && a.body().contains("\"runtimeStatus\":\"Failed\"");
  }

  private static String report(long seed, int index, HttpFuzzCases.Case c, String problem, RawHttp.Answer a) {
    String answer = a == null ? "" : "\n--- answer:\n" + (a.toString().length() > 1500 ? a.toString().substring(0, 1500) + "..." : a);
    return "seed " + seed + ", request #" + index + ": " + problem + "\n--- request " + c.printable() + answer;
  }

  private static String excerpt(String text, String marker) {
    int at = text.indexOf(marker);
    return text.substring(Math.max(0, at - 800), Math.min(text.length(), at + 400));
  }
}

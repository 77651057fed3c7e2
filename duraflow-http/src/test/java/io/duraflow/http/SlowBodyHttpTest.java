package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, defect 4: clients that trickle their bodies must not take every server thread. With the
 * default options, more trickling uploads than Jetty has threads leave {@code /health} and other clients
 * served; each trickler gets an answer (408 too slow, 503 too many bodies at once) instead of a thread.
 */
class SlowBodyHttpTest {
  /** More than Jetty's 250 threads, as in the report. */
  static final int TRICKLERS = 260;
  static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void manyTricklingUploads_healthAndOtherClientsStayServed_eachTricklerAnswered(@TempDir java.nio.file.Path dir)
      throws Exception {
    try (HttpFixture f = new HttpFixture(dir)) {
      List<RawHttp> tricklers = new ArrayList<>();
      ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
      try {
        for (int i = 0; i < TRICKLERS; i++) {
          RawHttp c = new RawHttp(f.port, DEADLINE);
          c.send("POST /api/orchestrators/Echo?code=" + HttpFixture.KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n[");
          tricklers.add(c);
        }
        // One more byte per trickler per second: the pace of a slow-upload attack, not a wait for the server.
        pacer.scheduleAtFixedRate(() -> {
          for (RawHttp c : tricklers) {
            try {
              c.send("1");
            } catch (java.io.IOException e) {
              // The server has answered and closed this one.
            }
          }
        }, 1, 1, TimeUnit.SECONDS);

        for (int probe = 0; probe < 3; probe++) {
          HttpFixture.Response health = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/health"))
              .timeout(Duration.ofSeconds(10)).GET());
          assertThat(health.status()).as(health.body()).isEqualTo(200);
          HttpFixture.Response start = f.send(HttpRequest.newBuilder(URI.create(f.keyed("/api/orchestrators/Echo")))
              .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + probe + "}")));
          // A normal start while the limit is taken may be asked to retry; it is never left waiting.
          assertThat(start.status()).as(start.body()).isIn(202, 503);
        }

        int busy = 0;
        int tooSlow = 0;
        for (RawHttp c : tricklers) {
          RawHttp.Answer a = c.read();
          if (a.status() == 503) {
            busy++;
            assertThat(a.header("Retry-After")).isNotNull();
          } else if (a.status() == 408) {
            tooSlow++;
          } else {
            assertThat(a.status()).as(a.toString()).isIn(408, 503);
          }
        }
        // Every trickler got an answer. Those that held a read slot were cut off as too slow; the rest were
        // told to retry at once. The split is not exact: a slot freed by a cut-off may go to a later trickler.
        assertThat(busy + tooSlow).isEqualTo(TRICKLERS);
        assertThat(tooSlow).isGreaterThanOrEqualTo(HttpServerOptions.DEFAULT_MAX_CONCURRENT_BODY_READS);
        assertThat(busy).as("the read limit turned tricklers away").isPositive();
      } finally {
        pacer.shutdownNow();
        for (RawHttp c : tricklers) {
          c.close();
        }
      }
      assertThat(f.get(f.base() + "/health").status()).isEqualTo(200);
    }
  }

  @Test
  void smallBodyInTwoPacketsAPauseApart_isAccepted(@TempDir java.nio.file.Path dir) throws Exception {
    // A slow network, not a trickle: 13 bytes in two packets 400 ms apart. Measured from the first byte
    // (Jetty's check) that is 32 B/s and was refused with 408; it is well within the grace a body gets.
    try (HttpFixture f = new HttpFixture(dir); RawHttp c = new RawHttp(f.port, DEADLINE)) {
      c.send("POST /api/orchestrators/Echo?code=" + HttpFixture.KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: 13\r\nConnection: close\r\n\r\n{\"n\":");
      TimeUnit.MILLISECONDS.sleep(400);
      c.send(" 123456}");
      RawHttp.Answer a = c.read();
      assertThat(a.status()).as(a.toString()).isEqualTo(202);
    }
  }

  @Test
  void bodyBelowTheMinimumRate_cutOffWith408(@TempDir java.nio.file.Path dir) throws Exception {
    try (HttpFixture f = new HttpFixture(dir); RawHttp c = new RawHttp(f.port, DEADLINE)) {
      c.send("POST /api/orchestrators/Echo?code=" + HttpFixture.KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Length: 100\r\n\r\n[");
      // 1 byte per 200 ms, 5 B/s: the server must cut this off long before the 100 bytes are sent.
      for (int i = 0; i < 98 && !c.answerWaiting(); i++) {
        TimeUnit.MILLISECONDS.sleep(200);
        try {
          c.send("1");
        } catch (java.io.IOException e) {
          break;
        }
      }

      RawHttp.Answer a = c.read();

      assertThat(a.status()).as(a.toString()).isEqualTo(408);
      assertThat(a.body()).contains("too slowly");
    }
  }
}

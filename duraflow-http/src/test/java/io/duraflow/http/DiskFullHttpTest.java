package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.duraflow.store.sqlite.SqliteSpaceLimit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full SQLite database behind the HTTP API (issue 9, defect 1): starts answer a clear 503 with
 * Retry-After, {@code /health} answers 503 Unhealthy saying why, and once space is back both recover with
 * no restart, while every start that was answered 202 completes. The database is capped at its size with
 * {@link SqliteSpaceLimit} (real SQLITE_FULL, no root needed); {@code DiskFullTmpfsTest} does the same on
 * a real full disk.
 */
class DiskFullHttpTest {
  private static final String BIG_BODY = "\"" + "y".repeat(20_000) + "\"";
  @TempDir Path dir;
  private HttpFixture f;

  @BeforeEach
  void start() {
    f = new HttpFixture(dir);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void diskFull_starts503AndHealth503_untilSpaceReturns_thenBoth2xx_noAcceptedStartLost() throws Exception {
    List<String> accepted = new ArrayList<>();
    accepted.add(f.start("Echo", BIG_BODY));
    f.awaitStatus(accepted.get(0), "Completed");
    SqliteSpaceLimit.capAtCurrentSize(f.store);

    HttpFixture.Response refused = null;
    for (int i = 0; i < 200 && refused == null; i++) {
      HttpFixture.Response r = f.post(f.keyed("/api/orchestrators/Echo"), BIG_BODY);
      if (r.status() == 202) {
        accepted.add(r.json().get("id").asText());
      } else {
        refused = r;
      }
    }
    assertThat(refused).as("a start refused once the database is full").isNotNull();
    assertClearFullAnswer(refused);
    HttpFixture.Response again = f.post(f.keyed("/api/orchestrators/Echo"), BIG_BODY);
    assertClearFullAnswer(again); // before the fix: 503, but "the store is unreachable", forever

    HttpFixture.Response health = f.get(f.base() + "/health");
    assertThat(health.status()).as(health.body()).isEqualTo(503); // before the fix: 200 Healthy
    assertThat(health.json().get("status").asText()).isEqualTo("Unhealthy");
    assertThat(health.json().get("message").asText()).contains("disk full").contains("space is freed");
    assertThat(health.header("Retry-After")).isEqualTo(ErrorResponses.RETRY_AFTER_SECONDS);

    SqliteSpaceLimit.lift(f.store);
    accepted.add(f.start("Echo", BIG_BODY)); // before the fix: 503 "statement is not executing", forever
    HttpFixture.Response recovered = f.get(f.base() + "/health");
    assertThat(recovered.status()).as(recovered.body()).isEqualTo(200);
    assertThat(recovered.json().get("status").asText()).isEqualTo("Healthy");

    for (String id : accepted) {
      JsonNode status = f.awaitStatus(id, "Completed").json();
      assertThat(status.get("output").asText()).isEqualTo("y".repeat(20_000));
    }
  }

  private static void assertClearFullAnswer(HttpFixture.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.header("Retry-After")).isEqualTo(ErrorResponses.RETRY_AFTER_SECONDS);
    JsonNode body = r.json();
    assertThat(body.get("error").asText()).isEqualTo("ServiceUnavailable");
    assertThat(body.get("message").asText())
        .contains("not applied").contains("disk full").contains("SQLITE_FULL").contains("space is freed")
        .doesNotContain("Exception").doesNotContain("io.duraflow").doesNotContain("/tmp");
  }
}

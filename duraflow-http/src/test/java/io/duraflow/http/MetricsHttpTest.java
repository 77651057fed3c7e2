package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} as the HTTP module serves it: the key check, and the answer of a server given no
 * metrics. What a real registry renders is tested with the server that wires it (duraflow-server's
 * MetricsEndpointTest).
 */
class MetricsHttpTest {
  @TempDir Path dir;

  @Test
  void metrics_serverWithoutMetrics_404JsonWithTheKey401Without() throws Exception {
    try (HttpFixture f = new HttpFixture(dir)) {
      HttpFixture.Response keyed = f.get(f.keyed("/metrics"));
      assertThat(keyed.status()).isEqualTo(404);
      assertThat(keyed.json().get("error").asText()).isEqualTo("NotFound");
      assertThat(keyed.json().get("message").asText()).contains("exports no metrics");

      assertThat(f.get(f.base() + "/metrics").status()).isEqualTo(401);
    }
  }

  @Test
  void openApi_metricsPublic_describesMetricsWithoutSecurity() throws Exception {
    try (HttpFixture f = new HttpFixture(dir, b -> b.metricsPublic(true))) {
      assertThat(f.get(f.base() + "/metrics").status()).as("no key asked").isEqualTo(404);
      HttpFixture.Response doc = f.get(f.base() + "/openapi.json");
      assertThat(doc.json().get("paths").get("/metrics").get("get").has("security")).isFalse();
      assertThat(doc.json().get("paths").get("/api/orchestrators/{functionName}").get("post").has("security")).isTrue();
    }
  }
}

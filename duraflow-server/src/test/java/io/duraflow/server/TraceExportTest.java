package io.duraflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.duraflow.api.OrchestrationRuntimeStatus;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Span export from a server: off by default, on through the flag or the OTEL_* environment, over real OTLP/HTTP. */
class TraceExportTest {
  @TempDir Path dir;

  @Test
  void configured_onlyWhenTheFlagOrTheEnvironmentAsks() {
    assertThat(TraceExport.configured(null, Map.of())).isFalse();
    assertThat(TraceExport.configured(null, Map.of("OTEL_SERVICE_NAME", "x"))).isFalse();
    assertThat(TraceExport.configured(null, Map.of("OTEL_TRACES_EXPORTER", "none",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"))).isFalse();
    assertThat(TraceExport.configured("http://c:4318", Map.of())).isTrue();
    assertThat(TraceExport.configured(null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"))).isTrue();
    assertThat(TraceExport.configured(null, Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces"))).isTrue();
    assertThat(TraceExport.configured(null, Map.of("OTEL_TRACES_EXPORTER", "console"))).isTrue();
    assertThat(TraceExport.configured("http://c:4318", Map.of("OTEL_SDK_DISABLED", "true"))).as("the standard kill switch").isFalse();
  }

  @Test
  void endpointThatIsNotAnHttpUrl_isRefusedByFlagName() {
    assertThatThrownBy(() -> TraceExport.open(null, "localhost:4318", null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--otlp-endpoint")
        .hasMessageContaining("http://localhost:4318");
  }

  @Test
  void grpcProtocol_isRefusedWithWhatToSet() {
    assertThatThrownBy(() -> TraceExport.open(null, null, null,
        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL=grpc")
        .hasMessageContaining("http/protobuf");
  }

  @Test
  void otlpEndpoint_exportsTheInstancesSpansToTheCollector_andFlushesOnClose() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext("/v1/traces", exchange -> {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      exchange.getRequestBody().transferTo(body);
      bodies.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
          + body.toString(StandardCharsets.ISO_8859_1)); // protobuf: the strings are in it as they are
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
    String id;
    try {
      try (DuraflowServer server = DuraflowServer.builder(TracingTest.registry()).dataDir(dir).port(0).nodeId("node-7")
          .otlpEndpoint("http://127.0.0.1:" + collector.getAddress().getPort()).start()) {
        assertThat(server.exportsTraces()).isTrue();
        id = server.client().startNew("Trip", null);
        assertThat(server.client().waitForCompletion(id, Duration.ofSeconds(30)).runtimeStatus())
            .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      }
    } finally {
      collector.stop(0);
    }
    assertThat(bodies).isNotEmpty().allSatisfy(b -> assertThat(b).startsWith("POST application/x-protobuf"));
    String all = String.join("", bodies);
    assertThat(all).contains(id).contains("orchestration:Trip").contains("activity:Book").contains("orchestration:Leg")
        .contains("duraflow").contains("node-7");
  }

  @Test
  void collectorThatIsDown_neitherFailsTheStartNorTheWork_andCloseReturns() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort(); // free again once closed: nothing listens there
    }
    try (DuraflowServer server = DuraflowServer.builder(TracingTest.registry()).dataDir(dir).port(0)
        .otlpEndpoint("http://127.0.0.1:" + closedPort).start()) {
      String id = server.client().startNew("Trip", null);
      assertThat(server.client().waitForCompletion(id, Duration.ofSeconds(30)).runtimeStatus())
          .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    }
  }

  @Test
  void byDefault_nothingIsExported() throws Exception {
    try (DuraflowServer server = DuraflowServer.builder(TracingTest.registry()).dataDir(dir).port(0).start()) {
      assertThat(server.exportsTraces()).isEqualTo(TraceExport.configured(null, System.getenv()));
    }
  }
}

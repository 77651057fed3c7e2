package io.duraflow.app;

import static io.duraflow.app.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `duraflow demo` runs the seed's session end to end on loopback only, with the real models and photos. */
class DemoCommandTest {
  @Test
  void demo_runsTheFaceWorkflowThroughHttp_andItsMinMaxAreThoseOfTheFacesItPrints() throws Exception {
    CliTest.Run run = cli("demo");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("POST http://127.0.0.1:", "/api/orchestrators/Orchestrator", "-> 202",
        "statusQueryGetUri: http://127.0.0.1:", "Completed after");
    assertThat(run.out()).doesNotContain("code=demo-");
    List<Double> happiness = new ArrayList<>();
    for (String line : run.out().split("\n")) {
      if (line.startsWith("sample")) {
        String[] cells = line.trim().split("\\s+");
        int faces = Integer.parseInt(cells[1]);
        assertThat(cells).as(line).hasSize(2 + faces);
        for (int i = 0; i < faces; i++) {
          happiness.add(Double.parseDouble(cells[2 + i]));
        }
      }
    }
    assertThat(happiness).as("the sample photos have faces").isNotEmpty().allMatch(h -> h >= 0 && h <= 1);
    String last = run.out().strip().substring(run.out().strip().lastIndexOf('\n') + 1);
    JsonNode minMax = new ObjectMapper().readTree(last);
    // The table prints two decimals: the fan-in's min/max must be the extremes of those faces.
    assertThat(minMax.get("min_val").asDouble()).isCloseTo(happiness.stream().min(Double::compare).orElseThrow(),
        org.assertj.core.data.Offset.offset(0.005));
    assertThat(minMax.get("max_val").asDouble()).isCloseTo(happiness.stream().max(Double::compare).orElseThrow(),
        org.assertj.core.data.Offset.offset(0.005));
  }
}

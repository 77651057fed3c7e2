package io.duraflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/operations.md ("Metrics") lists every meter of {@link DuraflowMeters} under its Prometheus name, type and labels. */
class DuraflowMetersDocTest {

  @Test
  void metricsTable_listsEveryMeterWithItsTypeAndLabels() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "operations.md"));
    int start = doc.indexOf("\n### Metrics\n");
    assertThat(start).as("a Metrics section in docs/operations.md").isPositive();
    String section = doc.substring(start);
    List<String> rows = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (line.startsWith("| `duraflow_")) {
        rows.add(line);
      }
    }
    for (DuraflowMeters.Meter meter : DuraflowMeters.all()) {
      String prefix = "| `" + meter.prometheusName() + "` | " + meter.type().prometheusType();
      List<String> matching = rows.stream().filter(r -> r.startsWith(prefix)).toList();
      assertThat(matching).as("a row starting " + prefix).hasSize(1);
      String labels = matching.get(0).split("\\|")[3];
      for (String tag : meter.tags()) {
        assertThat(labels).as("labels of " + meter.prometheusName()).contains("`" + tag + "`");
      }
    }
    assertThat(rows).as("rows for meters that do not exist").hasSize(DuraflowMeters.all().size());
  }
}

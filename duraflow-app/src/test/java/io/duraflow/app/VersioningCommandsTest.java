package io.duraflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.TaskRegistry;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.history.TaskCompleted;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duraflow replay-check} on a real data directory, with the new code as a plug-in jar compiled
 * here: a patched change passes (exit 0), an unpatched one is reported with the event and the code's
 * action (exit 1), bad arguments exit 2. And {@code list --version}.
 */
class VersioningCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void replayCheck_patchedChangePasses_unpatchedChangeIsReported() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    String id = runDeployedCode(data);
    Path compatible = plugin("patched", "ctx.isPatched(\"hold\") ? \"Hold\" : \"Reserve\"");
    Path incompatible = plugin("renamed", "\"Hold\"");

    CliTest.Run ok = CliTest.cli("replay-check", "--data", data.toString(), "--plugins", compatible.toString());
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).contains(id).contains("COMPATIBLE").doesNotContain("CODE_MISSING")
        .contains("1 checked, 0 incompatible");

    CliTest.Run bad = CliTest.cli("replay-check", "--data", data.toString(), "--plugins", incompatible.toString(),
        "--output", "json");
    assertThat(bad.exitCode()).as(bad.err()).isEqualTo(1);
    JsonNode report = JSON.readTree(bad.out());
    assertThat(report.get("compatible").asBoolean()).isFalse();
    JsonNode result = report.get("results").get(0);
    assertThat(result.get("instanceId").asText()).isEqualTo(id);
    assertThat(result.get("outcome").asText()).isEqualTo("NON_DETERMINISTIC");
    assertThat(result.get("detail").asText()).contains("TaskScheduled #0 'Reserve'").contains("ScheduleTask 'Hold'");

    CliTest.Run other = CliTest.cli("replay-check", "--data", data.toString(), "--orchestration", "Nothing");
    assertThat(other.exitCode()).isZero();
    assertThat(other.out()).contains("0 checked");
  }

  @Test
  void replayCheck_badArguments_exit2WithAMessage() {
    CliTest.Run noData = CliTest.cli("replay-check", "--data", dir.resolve("nothing-here").toString());
    assertThat(noData.exitCode()).isEqualTo(2);
    assertThat(noData.err()).contains("No Duraflow data");

    CliTest.Run negative = CliTest.cli("replay-check", "--data", dir.toString(), "--include-completed", "-1");
    assertThat(negative.exitCode()).isEqualTo(2);
    assertThat(negative.err()).contains("--include-completed must not be negative");

    CliTest.Run help = CliTest.cli("replay-check", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--plugins").contains("--include-completed").contains("--orchestration")
        .contains("Exit codes: 0 all compatible, 1 some incompatible");
  }

  @Test
  void list_versionFilter_onlyThatVersion() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    try (OrchestrationStore store = TestDatabases.sqlite(data, Clock.systemUTC())) {
      for (String v : new String[] {"1", "2"}) {
        store.createInstance(new io.duraflow.store.NewInstance(DuraflowEngine.DEFAULT_TASK_HUB, "order-v" + v,
            new io.duraflow.history.ExecutionStarted(java.time.Instant.now(), "Order", null, "e" + v, null, null, null, v)));
      }
    }
    CliTest.Run listed = CliTest.cli("list", "--data", data.toString(), "--version", "2", "--output", "json");
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    JsonNode instances = JSON.readTree(listed.out()).get("instances");
    assertThat(instances).hasSize(1);
    assertThat(instances.get(0).get("instanceId").asText()).isEqualTo("order-v2");
    assertThat(instances.get(0).get("version").asText()).isEqualTo("2");
  }

  /** Runs the deployed "Shop" until it waits for payment; returns the instance id. */
  private static String runDeployedCode(Path data) throws Exception {
    TaskRegistry deployed = TaskRegistry.builder()
        .addOrchestration("Shop", ctx -> {
          ctx.callActivity("Reserve", null, String.class).await();
          return ctx.waitForExternalEvent("pay", String.class).await();
        })
        .addActivity("Reserve", ctx -> "reserved")
        .build();
    try (OrchestrationStore store = TestDatabases.sqlite(data, Clock.systemUTC());
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(deployed).build().start()) {
      String id = engine.client().startNew("Shop", null);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (engine.client().getHistory(id).stream().noneMatch(TaskCompleted.class::isInstance)) {
        assertThat(System.nanoTime()).as("reserved").isLessThan(deadline);
        Thread.sleep(20);
      }
      return id;
    }
  }

  /** A plug-in directory whose jar registers "Shop" calling the activity {@code firstActivity} first. */
  private Path plugin(String name, String firstActivity) throws Exception {
    Path src = Files.createDirectories(dir.resolve(name + "/src/example"));
    String cls = "Shop" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    Files.writeString(src.resolve(cls + ".java"), """
        package example;

        import io.duraflow.api.TaskRegistry;
        import io.duraflow.api.WorkflowProvider;

        public final class %s implements WorkflowProvider {
          @Override
          public void register(TaskRegistry.Builder registry) {
            registry.addOrchestration("Shop", ctx -> {
              ctx.callActivity(%s, null, String.class).await();
              return ctx.waitForExternalEvent("pay", String.class).await();
            });
          }
        }
        """.formatted(cls, firstActivity));
    Path classes = Files.createDirectories(dir.resolve(name + "/classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        src.resolve(cls + ".java").toString());
    assertThat(rc).as("plug-in compiles").isZero();
    Path plugins = Files.createDirectories(dir.resolve(name + "/plugins"));
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plugins.resolve(name + ".jar")));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/io.duraflow.api.WorkflowProvider"));
      out.write(("example." + cls + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return plugins;
  }
}

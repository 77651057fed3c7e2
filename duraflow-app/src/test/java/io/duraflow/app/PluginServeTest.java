package io.duraflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's plug-in jar, compiled here from source (so it is on no class path), is loaded by a real
 * {@code duraflow serve --plugins DIR} process, and its orchestration runs through the HTTP API.
 */
@Tag("slow")
class PluginServeTest {
  private static final String KEY = "plugin-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void servedPluginOrchestration_runsThroughTheHttpApi() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    buildPluginJar(plugins.resolve("greetings.jar"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process serve = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        DuraflowCli.class.getName(), "serve", "--data", dir.resolve("data").toString(), "--port", "0",
        "--key", KEY, "--plugins", plugins.toString())
        .redirectErrorStream(true).start();
    try {
      int port = awaitPort(serve);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> started = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/orchestrators/Greetings?code=" + KEY))
          .POST(HttpRequest.BodyPublishers.ofString("[\"Ada\",\"Linus\"]")).header("Content-Type", "application/json")
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      URI status = URI.create(JSON.readTree(started.body()).get("statusQueryGetUri").asText());
      JsonNode done = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        done = JSON.readTree(http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString()).body());
        if (done.get("runtimeStatus").asText().equals("Completed")) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(done.get("runtimeStatus").asText()).isEqualTo("Completed");
      assertThat(done.get("output")).isEqualTo(JSON.readTree("[\"Greetings, Ada\",\"Greetings, Linus\"]"));
    } finally {
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
  }

  /** Reads the server's output until it says where it listens (the port is chosen by the OS). */
  private static int awaitPort(Process serve) throws Exception {
    Pattern listening = Pattern.compile("Duraflow listening on http://127\\.0\\.0\\.1:(\\d+)");
    BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          seen.append(line).append('\n');
          Matcher m = listening.matcher(line);
          if (m.find()) {
            return Integer.parseInt(m.group(1));
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      throw new IllegalStateException("serve exited before listening:\n" + seen);
    });
    int p = port.get(120, TimeUnit.SECONDS);
    // Keep draining so the server never blocks on a full pipe.
    Thread drain = new Thread(() -> { try { while (out.readLine() != null) { } } catch (java.io.IOException ignored) { } });
    drain.setDaemon(true);
    drain.start();
    return p;
  }

  /** Compiles a WorkflowProvider from source and packages it as a plug-in jar with its service file. */
  private void buildPluginJar(Path jar) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/example"));
    Files.writeString(src.resolve("GreetingsProvider.java"), """
        package example;

        import io.duraflow.api.Task;
        import io.duraflow.api.TaskRegistry;
        import io.duraflow.api.WorkflowProvider;
        import java.util.ArrayList;
        import java.util.List;
        
        public final class GreetingsProvider implements WorkflowProvider {
          @Override
          public void register(TaskRegistry.Builder registry) {
            registry.addOrchestration("Greetings", ctx -> {
              List<Task<String>> greetings = new ArrayList<>();
              for (String name : ctx.getInput(String[].class)) {
                greetings.add(ctx.callActivity("Greet", name, String.class));
              }
              return ctx.allOf(greetings).await();
            }).addActivity("Greet", ctx -> "Greetings, " + ctx.getInput(String.class));
          }
        }
        """);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        src.resolve("GreetingsProvider.java").toString());
    assertThat(rc).as("plug-in compiles").isZero();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/io.duraflow.api.WorkflowProvider"));
      out.write("example.GreetingsProvider\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }
}

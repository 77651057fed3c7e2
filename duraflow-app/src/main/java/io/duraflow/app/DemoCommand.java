package io.duraflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.duraflow.faces.FaceOptions;
import io.duraflow.server.DuraflowServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The seed's session end to end with no network: bundled sample photos served on loopback, the face
 * workflow started through the HTTP API of a server run here, its check-status URI polled until done.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the face-happiness workflow end to end offline: serve bundled photos on loopback, POST them"
        + " to a server started here, poll the status URI, print the faces and min/max happiness.")
final class DemoCommand implements Callable<Integer> {
  static final List<String> PHOTOS = List.of("sample1.jpg", "sample2.jpg", "sample3.jpg");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--data", paramLabel = "DIR",
      description = "Data directory of the demo's store (default: a temporary one, deleted afterwards).")
  Path dataDir;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long to wait for the workflow (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("duraflow-demo");
    HttpServer photos = servePhotos();
    // Loopback photos, so private addresses are allowed: this server binds loopback and lives for the demo only.
    FaceOptions faces = FaceOptions.defaults().withAllowPrivateUrls(true);
    try (DuraflowServer server = DuraflowServer.builder(Registries.standard(faces)).dataDir(dir).port(0)
        .key("demo-" + Long.toHexString(System.nanoTime())).start()) {
      String photoBase = "http://127.0.0.1:" + photos.getAddress().getPort() + "/";
      List<String> urls = PHOTOS.stream().map(p -> photoBase + p).toList();
      System.out.println("Photos on " + photoBase + ", Duraflow on " + server.baseUri());
      HttpClient http = HttpClient.newHttpClient();
      String body = JSON.writeValueAsString(urls);
      System.out.println("POST " + server.baseUri() + "/api/orchestrators/Orchestrator " + body);
      HttpResponse<String> started = http.send(HttpRequest.newBuilder(
              server.baseUri().resolve("/api/orchestrators/Orchestrator"))
          .header("x-functions-key", server.key()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      System.out.println("-> " + started.statusCode());
      if (started.statusCode() != 202) {
        System.err.println("duraflow: the starter answered " + started.statusCode() + ": " + started.body());
        return io.duraflow.app.cli.ExitCodes.UNAVAILABLE;
      }
      String statusUri = JSON.readTree(started.body()).get("statusQueryGetUri").asText();
      System.out.println("statusQueryGetUri: " + statusUri.replace(server.key(), "<key>"));
      JsonNode status = poll(http, URI.create(statusUri));
      return print(status, photoBase);
    } finally {
      photos.stop(0);
      if (dataDir == null) {
        deleteTree(dir);
      }
    }
  }

  private JsonNode poll(HttpClient http, URI status) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    long started = System.nanoTime();
    while (true) {
      JsonNode node = JSON.readTree(http.send(HttpRequest.newBuilder(status).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      String runtime = node.path("runtimeStatus").asText();
      if (!runtime.equals("Pending") && !runtime.equals("Running")) {
        System.out.printf(Locale.ROOT, "%s after %d s%n", runtime, (System.nanoTime() - started) / 1_000_000_000L);
        return node;
      }
      if (System.nanoTime() > deadline) {
        throw new io.duraflow.app.cli.CliException("Still " + runtime + " after " + timeoutSeconds + " s",
            io.duraflow.app.cli.ExitCodes.UNAVAILABLE);
      }
      Thread.sleep(250);
    }
  }

  private static int print(JsonNode status, String photoBase) {
    if (!status.path("runtimeStatus").asText().equals("Completed")) {
      System.out.println(status.toPrettyString());
      return io.duraflow.app.cli.ExitCodes.INSTANCE_FAILED;
    }
    JsonNode output = status.get("output");
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-12s %5s  %s", "PHOTO", "FACES", "HAPPINESS"));
    for (JsonNode image : output.path("images")) {
      List<String> scores = new ArrayList<>();
      image.path("faces").forEach(f -> scores.add(String.format(Locale.ROOT, "%.2f", f.path("happiness").asDouble())));
      lines.add(String.format(Locale.ROOT, "%-12s %5d  %s", image.path("url").asText().replace(photoBase, ""),
          scores.size(), image.has("error") ? image.get("error").path("message").asText() : String.join(" ", scores)));
    }
    lines.forEach(System.out::println);
    System.out.println("{\"min_val\": " + output.get("min_val") + ", \"max_val\": " + output.get("max_val") + "}");
    return io.duraflow.app.cli.ExitCodes.OK;
  }

  /** The bundled photos on a loopback port the OS picks. */
  private static HttpServer servePhotos() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    for (String name : PHOTOS) {
      byte[] bytes;
      try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
        if (in == null) {
          throw new IllegalStateException("The demo photo " + name + " is missing from this build");
        }
        bytes = in.readAllBytes();
      }
      server.createContext("/" + name, ex -> {
        ex.getResponseHeaders().add("Content-Type", "image/jpeg");
        ex.sendResponseHeaders(200, bytes.length);
        try (var out = ex.getResponseBody()) {
          out.write(bytes);
        }
      });
    }
    server.start();
    return server;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.duraflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code duraflow} command line, run in-process through {@link DuraflowCli#run} with System.out and
 * System.err captured. Store-backed commands use SQLite in a temporary directory.
 */
class CliTest {
  private static final Pattern FACE_LINE = Pattern.compile(
      "(?m)^  #(\\d+)  box x=-?\\d+ y=-?\\d+ w=\\d+ h=\\d+  happiness (\\d\\.\\d{4})  confidence (\\d\\.\\d{4})$");

  @TempDir Path dataDir;

  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  /** Runs the CLI with the real System.out/err swapped for buffers; logs of the run land in err too. */
  static synchronized Run cli(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      code = DuraflowCli.run(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    originalOut.println("duraflow " + String.join(" ", args) + " -> " + code);
    return run;
  }

  @Test
  void dataDirectoryThatIsAFile_saysSo() throws Exception {
    Path file = Files.writeString(dataDir.resolve("not-a-dir"), "x");
    Run run = cli("list", "--data", file.toString());
    Run serve = cli("serve", "--data", file.toString(), "--port", "0");
    assertThat(serve.exitCode()).isNotZero();
    assertThat(serve.err()).contains("is a file, not a directory");
    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void generateCompletion_printsABashScriptForEveryCommand() {
    Run run = cli("generate-completion");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete -F", "serve", "list", "terminate", "demo");
  }

  @Test
  void serve_httpLimitOutOfRange_refusedByFlagName() {
    Run depth = cli("serve", "--data", dataDir.toString(), "--port", "0", "--max-json-depth", "5000");
    Run reads = cli("serve", "--data", dataDir.toString(), "--port", "0", "--max-concurrent-body-reads", "0");

    assertThat(depth.exitCode()).isNotZero();
    assertThat(depth.err()).contains("--max-json-depth").contains("5000");
    assertThat(reads.exitCode()).isNotZero();
    assertThat(reads.err()).contains("--max-concurrent-body-reads");
  }

  @Test
  void serveHelp_documentsTheHttpLimits() {
    Run run = cli("serve", "--help");

    assertThat(run.out()).contains("--max-json-depth").contains("--http-idle-timeout")
        .contains("--min-request-data-rate").contains("--max-concurrent-body-reads");
  }

  @Test
  void serve_otlpEndpointThatIsNotAUrl_refusedByFlagNameWithAnExample() {
    Run run = cli("serve", "--data", dataDir.toString(), "--port", "0", "--otlp-endpoint", "localhost:4318");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--otlp-endpoint").contains("http://localhost:4318").doesNotContain("Exception");
  }

  @Test
  void serveHelp_documentsTracing() {
    assertThat(cli("serve", "--help").out()).contains("--otlp-endpoint").contains("OTEL_EXPORTER_OTLP_ENDPOINT");
  }

  @Test
  void help_listsEverySubcommand() {
    Run run = cli("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: duraflow").containsPattern("(?m)^\\s+serve\\s")
        .containsPattern("(?m)^\\s+faces\\s").containsPattern("(?m)^\\s+start\\s").containsPattern("(?m)^\\s+status\\s");
  }

  @Test
  void version_printsTheProgramNameAndAVersion() {
    Run run = cli("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).matches("duraflow \\S.*");
  }

  @Test
  void unknownSubcommand_exitsNonZeroNamingIt() {
    Run run = cli("frobnicate");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("frobnicate");
  }

  @Test
  void startWait_helloSequence_printsCompletedWithTheThreeGreetings_andStatusPrintsItLater() throws Exception {
    Run started = cli("start", "HelloSequence", "--wait", "30", "--data", dataDir.toString());

    assertThat(started.exitCode()).as(started.err()).isZero();
    String id = started.out().lines().findFirst().orElseThrow().strip();
    assertThat(id).matches("[0-9a-f]{32}");
    JsonNode done = new ObjectMapper().readTree(started.out().substring(started.out().indexOf('{')));
    assertThat(done.path("runtimeStatus").asText()).isEqualTo("Completed");
    assertThat(done.path("instanceId").asText()).isEqualTo(id);
    assertThat(done.path("output")).containsExactly(
        new ObjectMapper().getNodeFactory().textNode("Hello Tokyo!"),
        new ObjectMapper().getNodeFactory().textNode("Hello Seattle!"),
        new ObjectMapper().getNodeFactory().textNode("Hello London!"));

    // A second process (here: a second run) reads the same instance from the SQLite file.
    Run status = cli("status", id, "--data", dataDir.toString());

    assertThat(status.exitCode()).as(status.err()).isZero();
    JsonNode record = new ObjectMapper().readTree(status.out());
    assertThat(record.path("instanceId").asText()).isEqualTo(id);
    assertThat(record.path("name").asText()).isEqualTo("HelloSequence");
    assertThat(record.path("runtimeStatus").asText()).isEqualTo("Completed");
    assertThat(record.path("output")).isEqualTo(done.path("output"));
  }

  @Test
  void startWithId_andInput_greetsTheGivenNames() throws Exception {
    Run run = cli("start", "HelloSequence", "--id", "greet-1", "--input", "[\"Oslo\",\"Lima\"]",
        "--wait", "30", "--data", dataDir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().findFirst()).hasValue("greet-1");
    JsonNode done = new ObjectMapper().readTree(run.out().substring(run.out().indexOf('{')));
    assertThat(done.path("input").toString()).isEqualTo("[\"Oslo\",\"Lima\"]");
    assertThat(done.path("output").toString()).isEqualTo("[\"Hello Oslo!\",\"Hello Lima!\"]");
  }

  @Test
  void startWithoutWait_printsTheIdAndLeavesTheInstancePending() {
    Run run = cli("start", "HelloSequence", "--data", dataDir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = run.out().strip();
    assertThat(id).matches("[0-9a-f]{32}");
    Run status = cli("status", id, "--data", dataDir.toString());
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).contains("\"runtimeStatus\" : \"Pending\"");
  }

  @Test
  void status_unknownId_exitsNonZeroNamingTheId() {
    assertThat(cli("start", "HelloSequence", "--data", dataDir.toString()).exitCode()).isZero(); // creates the store
    Run run = cli("status", "no-such-id", "--data", dataDir.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("duraflow: ").contains("'no-such-id'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void status_dataDirWithoutStore_saysSoInsteadOfCreatingOne() {
    Run run = cli("status", "some-id", "--data", dataDir.resolve("typo").toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("No Duraflow data in").contains("typo");
    assertThat(dataDir.resolve("typo")).doesNotExist();
  }

  @Test
  void start_unknownOrchestration_exitsNonZeroNamingIt() {
    Run run = cli("start", "NoSuchOrchestration", "--data", dataDir.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("'NoSuchOrchestration'").contains("HelloSequence");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void start_inputNotJson_exitsNonZeroSayingSo() {
    Run run = cli("start", "HelloSequence", "--input", "not json", "--data", dataDir.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--input is not valid JSON");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void faces_photo_printsEachFaceWithHappinessAndExitsZero() throws Exception {
    Path photo = resource("photos/sample1.jpg");

    Run run = cli("faces", photo.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(photo + ": ");
    Matcher faces = FACE_LINE.matcher(run.out());
    int count = 0;
    double min = 1;
    double max = 0;
    while (faces.find()) {
      count++;
      assertThat(Integer.parseInt(faces.group(1))).isEqualTo(count);
      double happiness = Double.parseDouble(faces.group(2));
      assertThat(happiness).isBetween(0.0, 1.0);
      assertThat(Double.parseDouble(faces.group(3))).isBetween(0.0, 1.0);
      min = Math.min(min, happiness);
      max = Math.max(max, happiness);
    }
    assertThat(count).as(run.out()).isPositive();
    assertThat(run.out()).contains(photo + ": " + count + " face(s)");
    assertThat(run.out()).contains(String.format(java.util.Locale.ROOT,
        "%d face(s): min happiness %.4f, max %.4f", count, min, max));
  }

  @Test
  void faces_json_printsTheOrchestrationOutputShape() throws Exception {
    Path photo = resource("photos/sample2.jpg");

    Run run = cli("faces", "--json", photo.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode out = new ObjectMapper().readTree(run.out());
    assertThat(out.path("faces").asInt()).isPositive();
    assertThat(out.path("min_val").asDouble()).isLessThanOrEqualTo(out.path("max_val").asDouble());
    assertThat(out.path("images")).hasSize(1);
    assertThat(out.path("images").get(0).path("faces")).hasSize(out.path("faces").asInt());
    JsonNode face = out.path("images").get(0).path("faces").get(0);
    assertThat(face.path("emotions").fieldNames()).toIterable()
        .containsExactly("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
    assertThat(face.path("happinessRaw").isNumber()).isTrue();
  }

  @Test
  void facesEval_onThreeLabelledPhotos_printsTheScores() throws Exception {
    // Three photos of the labelled set (extracted by the faces module's test build): a portrait, a
    // couple and a coffee cup the analysis once took for a face.
    Path faces = Path.of("..", "duraflow-faces");
    Path images = faces.resolve("target/eval");
    assertThat(images).as("the faces module's test build extracts the set").isDirectory();
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode manifest =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(faces.resolve("eval/manifest.json").toFile());
    com.fasterxml.jackson.databind.node.ArrayNode some = json.createArrayNode();
    for (JsonNode image : manifest.path("images")) {
      if (java.util.Set.of("skimage-astronaut", "jq-couple", "skimage-coffee").contains(image.path("id").asText())) {
        some.add(image);
      }
    }
    manifest.set("images", some);
    Path subset = dataDir.resolve("manifest.json");
    json.writeValue(subset.toFile(), manifest);

    Run run = cli("faces-eval", "--no-canvases", "--details", "--manifest", subset.toString(), "--images", images.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("3 photos (1 without faces), 3 labelled faces")
        .contains(">= 40 px   3/3 = 100.0 %")
        .contains("false boxes on 1 photos without faces: 0")
        .doesNotContain("missed");
  }

  @Test
  void faces_minFaceSizeOfZero_isRefusedWithTheRule() throws Exception {
    Run run = cli("faces", "--min-face-size", "0", resource("photos/sample1.jpg").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--min-face-size must be at least 1 pixel, not 0").contains("Usage: duraflow faces");
  }

  @Test
  void facesEval_withoutAManifest_saysWhereItLooked() {
    Run run = cli("faces-eval", "--manifest", dataDir.resolve("none.json").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no manifest at").doesNotContain("Exception");
  }

  @Test
  void faces_nonImageFile_reportsTheErrorAndExitsNonZero() throws Exception {
    Path text = Files.writeString(dataDir.resolve("notes.txt"), "these are not the pixels you are looking for\n");

    Run run = cli("faces", text.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).contains(text + ": error (not_an_image)");
    assertThat(run.out()).contains("no image could be analysed");
  }

  @Test
  void faces_missingFile_reportsFetchFailedAndExitsNonZero() {
    Path missing = dataDir.resolve("nowhere.jpg");

    Run run = cli("faces", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).contains(missing + ": error (fetch_failed) ").contains("no such file");
  }

  private static Path resource(String name) throws URISyntaxException {
    var url = CliTest.class.getClassLoader().getResource(name);
    assertThat(url).as(name + " (fetched at build time by the pom's exec plugin)").isNotNull();
    return Path.of(url.toURI());
  }
}

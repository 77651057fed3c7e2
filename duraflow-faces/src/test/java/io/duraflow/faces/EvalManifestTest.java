package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the labelled evaluation set (eval/manifest.json) against the photos the build fetched into
 * target/eval (scripts/fetch-eval.sh): a label that points at a missing file, a wrong size or a box
 * outside the image would silently skew every figure computed from the set.
 */
class EvalManifestTest {
  private static final Path MANIFEST = Path.of("eval", "manifest.json");
  private static final Path EVAL_DIR = Path.of("target", "eval");
  private static final Path UNIT_TEST_PHOTOS = Path.of("target", "test-classes", "photos");
  private static final Set<String> EXPRESSIONS = Set.of("smiling", "neutral", "other");

  private static JsonNode manifest;

  @BeforeAll
  static void readManifest() throws IOException {
    manifest = new ObjectMapper().readTree(MANIFEST.toFile());
  }

  @Test
  void sources_arePinned() {
    assertThat(manifest.get("sources").size()).isPositive();
    manifest.get("sources").fields().forEachRemaining(e -> {
      JsonNode s = e.getValue();
      String type = s.path("type").asText();
      assertThat(type).as("type of source %s", e.getKey()).isIn("deb", "npm");
      assertThat(s.path("package").asText()).as("package of %s", e.getKey()).isNotBlank();
      assertThat(s.path("version").asText()).as("version of %s", e.getKey()).isNotBlank();
      assertThat(s.path("license").asText()).as("license of %s", e.getKey()).isNotBlank();
      if (type.equals("deb")) {
        assertThat(s.path("sha256").asText()).as("sha256 of %s", e.getKey()).matches("[0-9a-f]{64}");
      } else {
        assertThat(s.path("integrity").asText()).as("integrity of %s", e.getKey()).startsWith("sha512-");
      }
    });
  }

  @Test
  void images_haveUniqueIdsAndKnownSources() {
    Set<String> ids = new HashSet<>();
    for (JsonNode img : manifest.get("images")) {
      assertThat(ids.add(img.get("id").asText())).as("duplicate id %s", img.get("id").asText()).isTrue();
      assertThat(manifest.get("sources").has(img.get("source").asText()))
          .as("source of %s", img.get("id").asText()).isTrue();
      assertThat(img.path("path").asText()).as("path of %s", img.get("id").asText())
          .endsWith(img.get("file").asText());
    }
    assertThat(ids).hasSizeGreaterThanOrEqualTo(45);
  }

  @Test
  void everyFile_existsAndDecodesToTheLabelledSize() throws IOException {
    for (JsonNode img : manifest.get("images")) {
      Path file = fileOf(img);
      assertThat(file).as("fetched file of %s", img.get("id").asText()).isRegularFile();
      RgbImage decoded = ImageDecoder.decode(Files.readAllBytes(file), file.toString());
      assertThat(decoded.width()).as("width of %s", img.get("id").asText()).isEqualTo(img.get("width").asInt());
      assertThat(decoded.height()).as("height of %s", img.get("id").asText()).isEqualTo(img.get("height").asInt());
    }
  }

  @Test
  void everyBox_liesInsideItsImage() {
    for (JsonNode img : manifest.get("images")) {
      String id = img.get("id").asText();
      int w = img.get("width").asInt();
      int h = img.get("height").asInt();
      for (JsonNode face : img.get("faces")) {
        assertInside(face.get("box"), w, h, id);
        assertThat(face.get("expression").asText()).as("expression in %s", id).isIn(EXPRESSIONS);
        assertThat(face.get("clear").isBoolean()).as("clear in %s", id).isTrue();
      }
      for (JsonNode box : img.get("ignore")) {
        assertInside(box, w, h, id);
      }
    }
  }

  @Test
  void noImage_isOneOfTheUnitTestPhotos() throws IOException {
    // The evaluation must not reward tuning on the photos the unit tests already use.
    Map<String, String> unitTest = new HashMap<>();
    List<Path> photos;
    try (Stream<Path> s = Files.list(UNIT_TEST_PHOTOS)) {
      photos = s.filter(p -> p.getFileName().toString().endsWith(".jpg")).toList();
    }
    assertThat(photos).as("unit-test photos in %s", UNIT_TEST_PHOTOS).isNotEmpty();
    for (Path p : photos) {
      unitTest.put(sha256(Files.readAllBytes(p)), p.getFileName().toString());
    }
    List<String> clashes = new ArrayList<>();
    for (JsonNode img : manifest.get("images")) {
      String name = unitTest.get(sha256(Files.readAllBytes(fileOf(img))));
      if (name != null) {
        clashes.add(img.get("id").asText() + " = " + name);
      }
    }
    assertThat(clashes).isEmpty();
  }

  private static Path fileOf(JsonNode img) {
    return EVAL_DIR.resolve(img.get("source").asText()).resolve(img.get("file").asText());
  }

  private static void assertInside(JsonNode box, int w, int h, String id) {
    assertThat(box.size()).as("box size in %s", id).isEqualTo(4);
    int x = box.get(0).asInt();
    int y = box.get(1).asInt();
    int bw = box.get(2).asInt();
    int bh = box.get(3).asInt();
    assertThat(x >= 0 && y >= 0 && bw > 0 && bh > 0 && x + bw <= w && y + bh <= h)
        .as("box %s inside %dx%d in %s", box, w, h, id).isTrue();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

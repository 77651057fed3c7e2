package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.duraflow.action.CompleteOrchestration;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DetectFace against a hostile image server, as an attacker would use it: SSRF spellings, schemes and
 * redirects; slow, endless and lying bodies; decompression bombs; truncated and mislabelled files; and many
 * large images at once in a child JVM with a small heap. Every server is on 127.0.0.1; the refused cases
 * prove, through a counting {@code /canary} route, that no connection was made.
 *
 * <p>Bounded form (CI): 24 concurrent 36-MP PNGs under {@code -Xmx1g}. Long form: {@code
 * -Dduraflow.hostile.long=true}, 64 under {@code -Xmx1g}. {@code scripts/hostile-images.sh} runs the suite in
 * a private network namespace ({@code unshare -n}), where a bug could not reach any other host.
 */
@Tag("slow")
@Timeout(300)
class HostileImagesTest {
  private static final boolean LONG = Boolean.getBoolean("duraflow.hostile.long");
  private static final FaceOptions STRICT = FaceOptions.builder().fetchTimeout(Duration.ofSeconds(5)).build();
  private static final FaceOptions LOCAL = FaceOptions.builder().allowPrivateUrls(true)
      .fetchTimeout(Duration.ofSeconds(5)).build();
  private static HostileServer server;
  private static DetectFaceActivity local;

  @BeforeAll
  static void start() throws Exception {
    server = new HostileServer();
    byte[] landscapePng = TestImages.encode(TestImages.landscape(), "png");
    byte[] jpeg = TestImages.photo("sample3.jpg");
    server.put("landscape.png", landscapePng)
        .put("page.html", "<!doctype html><title>404</title><p>not here".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .put("truncated.png", Arrays.copyOf(landscapePng, landscapePng.length / 2))
        .put("truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2))
        .put("empty", new byte[0])
        .put("sample3.jpg", jpeg)
        .put("bomb-dims.png", LargeImages.truncatedPng(100_000, 100_000))
        .put("bomb-ztxt.png", LargeImages.zTxtBombPng(300))
        .put("bomb-dims.jpg", LargeImages.jpegHeader(65_000, 65_000))
        .put("bomb-dims.gif", LargeImages.gifHeader(65_535, 65_535))
        .put("cut-225mp.png", LargeImages.truncatedPng(15_000, 15_000))
        .put("flat-36mp.png", LargeImages.flatPng(6000, 6000, 0x6688AA));
    local = new DetectFaceActivity(LOCAL);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---- SSRF ----

  static Stream<String> loopbackSpellings() {
    return Stream.of("127.0.0.1", "127.1", "0x7f.0.0.1", "0x7f000001", "0177.0.0.1", "2130706433", "017700000001",
        "127.000.000.001", "127.0.0.1.", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
        "[0:0:0:0:0:ffff:7f00:1]", "[::127.0.0.1]", "localhost", "localhost.", "LOCALHOST", "img.localhost", "0",
        "0.0.0.0", "[::]");
  }

  @ParameterizedTest(name = "http://{0}:port/ is refused by default and never connects")
  @MethodSource("loopbackSpellings")
  void fetch_loopbackSpelling_isRefusedWithoutConnecting(String host) {
    int before = server.canaryHits.get();
    String url = "http://" + host + ":" + server.port() + "/canary";
    assertThatThrownBy(() -> new ImageFetcher(STRICT).fetch(url))
        .isInstanceOf(FaceImageException.Refused.class)
        .hasMessageContaining("refused to fetch");
    assertThat(server.canaryHits.get()).isEqualTo(before);
  }

  static Stream<String> alwaysRefused() {
    return Stream.of("169.254.169.254", "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "[fd00:ec2::254]",
        "100.100.100.200", "[fe80::1]", "0.0.0.0", "0", "[::]", "224.0.0.1", "255.255.255.255", "0x7f.0.0.1",
        "2130706433", "0251.0376.0251.0376");
  }

  @ParameterizedTest(name = "{0} is refused even with private URLs allowed, directly and after a redirect")
  @MethodSource("alwaysRefused")
  void fetch_forbiddenAddress_isRefusedDirectlyAndAfterARedirect(String host) {
    int before = server.canaryHits.get();
    String target = "http://" + host + ":" + server.port() + "/canary";
    assertThatThrownBy(() -> local.detect(target)).isInstanceOf(FaceImageException.Refused.class);
    assertThatThrownBy(() -> local.detect(server.redirectTo(target)))
        .isInstanceOf(FaceImageException.Refused.class)
        .hasMessageContaining("refused");
    assertThat(server.canaryHits.get()).isEqualTo(before);
  }

  static Stream<String> otherSchemes() {
    return Stream.of("file:///etc/passwd", "FILE:///etc/passwd", "ftp://127.0.0.1/a.jpg", "jar:http://127.0.0.1/a.jar!/a.png",
        "gopher://127.0.0.1:6379/_INFO", "dict://127.0.0.1:11211/stat", "ldap://127.0.0.1/", "netdoc:///etc/passwd",
        "javascript:alert(1)", "//127.0.0.1/a.png", "127.0.0.1/a.png");
  }

  @ParameterizedTest(name = "{0} is refused, directly and as a redirect target")
  @MethodSource("otherSchemes")
  void fetch_otherScheme_isRefusedDirectlyAndAsRedirectTarget(String url) {
    assertThatThrownBy(() -> local.detect(url)).isInstanceOf(FaceImageException.Refused.class);
    if (url.contains(":")) {
      assertThatThrownBy(() -> local.detect(server.redirectTo(url)))
          .isInstanceOf(FaceImageException.Refused.class)
          .hasMessageContaining("unsupported scheme");
    }
  }

  @Test
  void fetch_redirectToDataUrlOrCredentials_isRefused() {
    assertThatThrownBy(() -> local.detect(server.redirectTo("data:image/png;base64,iVBORw0KGgo=")))
        .isInstanceOf(FaceImageException.Refused.class);
    assertThatThrownBy(() -> local.detect(server.redirectTo("http://user:pw@127.0.0.1:" + server.port() + "/canary")))
        .isInstanceOf(FaceImageException.Refused.class)
        .hasMessageContaining("credentials");
  }

  @Test
  void fetch_redirectLoopsAndLongChains_failPermanently() {
    for (String path : List.of("/ping", "/chain/0")) {
      assertThatThrownBy(() -> local.detect(server.url(path)))
          .isInstanceOf(FaceImageException.FetchFailed.class)
          .hasMessageContaining("more than 5 redirects");
    }
    // A redirect to an allowed address is followed.
    assertThat(local.detect(server.redirectTo(server.file("sample3.jpg", "image/jpeg"))).faces()).hasSize(3);
  }

  // ---- slow, endless and lying bodies ----

  @Test
  void fetch_trickledOrSilentResponse_timesOutWithAClearVerdict() {
    FaceOptions quick = LOCAL.toBuilder().fetchTimeout(Duration.ofSeconds(1)).build();
    for (String path : List.of("/trickle", "/silent")) {
      assertThatThrownBy(() -> new ImageFetcher(quick).fetch(server.url(path)))
          .isInstanceOfSatisfying(FaceImageException.Unavailable.class, e -> assertThat(e.isTransient()).isTrue())
          .hasMessageContaining("timed out after PT1S");
    }
  }

  @Test
  void fetch_endlessOrLyingBody_stopsAtTheCap() {
    FaceOptions small = LOCAL.toBuilder().maxImageBytes(1024 * 1024).build();
    for (String path : List.of("/endless", "/lying-length")) {
      assertThatThrownBy(() -> new ImageFetcher(small).fetch(server.url(path)))
          .isInstanceOf(FaceImageException.FetchFailed.class)
          .hasMessageContaining("larger than the limit of 1 MiB (1048576 bytes)");
    }
  }

  @Test
  void fetch_bodyCutShort_isTransientWithAPlainMessage() {
    assertThatThrownBy(() -> local.detect(server.url("/short-body")))
        .isInstanceOf(FaceImageException.Unavailable.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.").doesNotContain("Exception"));
  }

  // ---- bombs ----

  @Test
  void detect_dimensionBombs_areRefusedPermanently() {
    for (String name : List.of("bomb-dims.png", "bomb-dims.jpg", "bomb-dims.gif")) {
      assertThatThrownBy(() -> local.detect(server.file(name, "image/png")))
          .isInstanceOfSatisfying(FaceImageException.NotAnImage.class, e -> assertThat(e.isTransient()).isFalse())
          .hasMessageContaining("too large");
    }
  }

  @Test
  void detect_36MegapixelPngOf105KB_isAnalysedSubsampledWithItsRealSize() {
    ImageFaces result = local.detect(server.file("flat-36mp.png", "image/png"));
    assertThat(result.width()).isEqualTo(6000);
    assertThat(result.height()).isEqualTo(6000);
    assertThat(result.faces()).isEmpty();
  }

  @Test
  void decode_zTxtBombAndTruncated225MegapixelPng_allocateLittle() {
    long[] allocated = new long[1];
    RgbImage small = LargeImageTest.allocatedBy(() -> ImageDecoder.decode(LargeImages.zTxtBombPng(300), "ztxt"), allocated);
    assertThat(small.width()).isEqualTo(16);
    assertThat(allocated[0]).as("a 300-MiB text chunk is not inflated").isLessThan(32L * 1024 * 1024);

    assertThatThrownBy(() -> LargeImageTest.allocatedBy(
        () -> ImageDecoder.decode(LargeImages.truncatedPng(15_000, 15_000), "cut"), allocated))
        .isInstanceOf(FaceImageException.NotAnImage.class);
    // 225 MP would be 675 MB of raster; subsampled 4x it is 42 MB.
    assertThat(allocated[0]).isLessThan(160L * 1024 * 1024);
  }

  // ---- truncated and mislabelled ----

  @Test
  void detect_mislabelledFiles_areJudgedByTheirBytes() {
    ImageFaces png = local.detect(server.file("landscape.png", "image/jpeg"));
    assertThat(png.width()).isEqualTo(1200);
    assertThat(local.detect(server.file("sample3.jpg", "text/html")).faces()).hasSize(3);
    assertThatThrownBy(() -> local.detect(server.file("page.html", "image/png")))
        .isInstanceOf(FaceImageException.NotAnImage.class)
        .hasMessageContaining("not a JPEG, PNG, GIF, BMP, WebP or TIFF");
  }

  @Test
  void detect_truncatedOrEmptyFiles_getAClearVerdict() {
    for (String name : List.of("truncated.png", "empty")) {
      assertThatThrownBy(() -> local.detect(server.file(name, "image/png")))
          .isInstanceOf(FaceImageException.NotAnImage.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.").doesNotContain("Exception"));
    }
    // libjpeg fills a JPEG cut in half with gray, as browsers do: a result (the faces in the top half), not an error.
    ImageFaces half = local.detect(server.file("truncated.jpg", "image/jpeg"));
    assertThat(half.width()).isEqualTo(1920);
  }

  // ---- the orchestration over a hostile batch ----

  @Test
  void run_hostileBatch_completesWithAVerdictPerImage() throws Exception {
    FaceOptions options = LOCAL.toBuilder().fetchTimeout(Duration.ofSeconds(1)).maxAttempts(2)
        .firstRetryInterval(Duration.ofSeconds(1)).build();
    List<String> urls = List.of(server.file("sample3.jpg", "image/jpeg"), server.file("bomb-dims.png", "image/png"),
        server.file("page.html", "image/png"), server.redirectTo("http://169.254.169.254/latest/meta-data/"),
        server.url("/trickle"), server.file("flat-36mp.png", "image/png"), "file:///etc/passwd");
    InProcessRunner runner = new InProcessRunner(FaceWorkflow.register(TaskRegistry.builder(), options).build());
    CompleteOrchestration done = runner.run(FaceWorkflow.FACE_HAPPINESS,
        JacksonTestConverter.MAPPER.writeValueAsString(Map.of("urls", urls))).completion();
    assertThat(done.status()).as("%s", done.failureDetails()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    JsonNode images = JacksonTestConverter.MAPPER.readTree(done.result()).path("images");
    List<String> verdicts = new ArrayList<>();
    images.forEach(i -> verdicts.add(i.has("error") ? i.path("error").path("type").asText() : "faces:" + i.path("faces").size()));
    assertThat(verdicts).containsExactly("faces:3", "not_an_image", "not_an_image", "refused", "unavailable",
        "faces:0", "refused");
  }

  // ---- many large images at once ----

  @Test
  void detect_manyConcurrent36MegapixelPngs_fitA1GiBHeapAndAllGetResults() throws Exception {
    int count = LONG ? 64 : 24;
    BufferedImage photo = ImageIO.read(new ByteArrayInputStream(TestImages.photo("sample3.jpg")));
    server.put("faces-36mp.png", LargeImages.photoPng(photo, 3, 6000, 6000));
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Every fourth image carries the photo's three faces (enlarged 3x); the rest are flat.
      urls.add(server.file(i % 4 == 0 ? "faces-36mp.png" : "flat-36mp.png", "image/png") + "&n=" + i);
    }
    ForkedJvm.Result run = ForkedJvm.run("1g", ConcurrentDetectMain.class, Duration.ofMinutes(LONG ? 15 : 4),
        urls.toArray(String[]::new));
    List<String> results = run.tagged("RESULT ");
    assertThat(results).as(run.output()).hasSize(count);
    for (int i = 0; i < count; i++) {
      String expected = "ok width=6000 height=6000 faces=" + (i % 4 == 0 ? 3 : 0);
      assertThat(results.get(i)).as(run.output()).isEqualTo(urls.get(i) + " " + expected);
    }
    assertThat(run.output()).doesNotContain("OutOfMemoryError");
    System.out.printf("hostile-images: %d concurrent 36-MP PNGs under -Xmx1g: heap after GC at most %s MiB, %s, %s ms%n", count,
        run.tagged("PEAK_HEAP_AFTER_GC_MIB ").get(0), run.tagged("PEAK_RSS ").get(0), run.tagged("ELAPSED_MS ").get(0));
  }
}

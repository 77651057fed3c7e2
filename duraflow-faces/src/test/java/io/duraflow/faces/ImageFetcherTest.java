package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFetcherTest {
  private static TestHttpServer server;
  private static final FaceOptions LOCAL = FaceOptions.builder().allowPrivateUrls(true).build();

  @BeforeAll
  static void start() throws Exception {
    server = new TestHttpServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void fetch_localImageWithPrivateUrlsAllowed_returnsBytes() {
    byte[] bytes = new ImageFetcher(LOCAL).fetch(server.url("/sample3.jpg"));
    assertThat(bytes).isEqualTo(TestImages.photo("sample3.jpg"));
  }

  @Test
  void fetch_refusedConnection_isTransientAndSaysSo() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/x.jpg";
    assertThatThrownBy(() -> new ImageFetcher(LOCAL).fetch(url))
        .isInstanceOf(FaceImageException.Unavailable.class)
        .hasMessageContaining("cannot connect to " + url)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("null"));
  }

  @Test
  void fetch_loopbackByDefault_isRefused() {
    assertThatThrownBy(() -> new ImageFetcher(FaceOptions.defaults()).fetch(server.url("/sample3.jpg")))
        .isInstanceOf(FaceImageException.Refused.class)
        .hasMessageContaining("loopback")
        .hasMessageContaining("--allow-private-urls");
  }

  @Test
  void fetch_metadataAddress_isRefusedEvenWithPrivateUrlsAllowed() {
    assertThatThrownBy(() -> new ImageFetcher(LOCAL).fetch("http://169.254.169.254/latest/meta-data/"))
        .isInstanceOf(FaceImageException.Refused.class)
        .hasMessageContaining("link-local");
    assertThatThrownBy(() -> new ImageFetcher(LOCAL).fetch("http://[::ffff:169.254.169.254]/"))
        .isInstanceOf(FaceImageException.Refused.class);
  }

  @Test
  void fetch_redirectToMetadata_isRefusedAtThatHop() {
    assertThatThrownBy(() -> new ImageFetcher(LOCAL).fetch(server.url("/to-metadata")))
        .isInstanceOf(FaceImageException.Refused.class)
        .hasMessageContaining("169.254.169.254");
  }

  @Test
  void fetch_redirectToImage_isFollowed() {
    assertThat(new ImageFetcher(LOCAL).fetch(server.url("/to-photo"))).isEqualTo(TestImages.photo("sample3.jpg"));
  }

  @Test
  void fetch_redirectLoop_failsPermanently() {
    assertThatThrownBy(() -> new ImageFetcher(LOCAL).fetch(server.url("/loop")))
        .isInstanceOf(FaceImageException.FetchFailed.class)
        .hasMessageContaining("redirects");
  }

  @Test
  void fetch_404_failsPermanently() {
    assertThatThrownBy(() -> new ImageFetcher(LOCAL).fetch(server.url("/missing.jpg")))
        .isInstanceOf(FaceImageException.FetchFailed.class)
        .hasMessageContaining("HTTP 404");
  }

  @Test
  void fetch_500_isTransient() {
    assertThatThrownBy(() -> new ImageFetcher(LOCAL).fetch(server.url("/error.jpg")))
        .isInstanceOf(FaceImageException.Unavailable.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void fetch_nothingListening_isTransient() throws Exception {
    String url = TestHttpServer.unreachableUrl();
    assertThatThrownBy(() -> new ImageFetcher(LOCAL).fetch(url))
        .isInstanceOf(FaceImageException.Unavailable.class);
  }

  @Test
  void fetch_slowServer_timesOut() {
    FaceOptions quick = LOCAL.toBuilder().fetchTimeout(Duration.ofMillis(300)).build();
    assertThatThrownBy(() -> new ImageFetcher(quick).fetch(server.url("/slow.jpg")))
        .isInstanceOf(FaceImageException.Unavailable.class)
        .hasMessageContaining("timed out");
  }

  @Test
  void fetch_bodyOverCap_failsWithOrWithoutContentLength() {
    FaceOptions small = LOCAL.toBuilder().maxImageBytes(10_000).build();
    assertThatThrownBy(() -> new ImageFetcher(small).fetch(server.url("/big.jpg")))
        .isInstanceOf(FaceImageException.FetchFailed.class)
        .hasMessageContaining("larger than the limit of 10000 bytes");
    assertThatThrownBy(() -> new ImageFetcher(small).fetch(server.url("/big-chunked.jpg")))
        .isInstanceOf(FaceImageException.FetchFailed.class)
        .hasMessageContaining("larger than the limit of 10000 bytes");
  }

  @Test
  void fetch_dataUrl_decodesBase64() {
    byte[] png = TestImages.encode(TestImages.landscape(), "png");
    String url = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    assertThat(new ImageFetcher(FaceOptions.defaults()).fetch(url)).isEqualTo(png);
    assertThat(ImageFetcher.describe(url)).hasSizeLessThan(100).contains("chars");
  }

  @Test
  void fetch_fileUrl_needsPermission(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.jpg");
    Files.write(file, TestImages.photo("sample2.jpg"));
    String url = file.toUri().toString();
    assertThatThrownBy(() -> new ImageFetcher(FaceOptions.defaults()).fetch(url))
        .isInstanceOf(FaceImageException.Refused.class)
        .hasMessageContaining("--allow-file-urls");
    FaceOptions files = FaceOptions.builder().allowFileUrls(true).build();
    assertThat(new ImageFetcher(files).fetch(url)).hasSize((int) Files.size(file));
    assertThatThrownBy(() -> new ImageFetcher(files).fetch(dir.resolve("none.jpg").toUri().toString()))
        .isInstanceOf(FaceImageException.FetchFailed.class);
  }

  @Test
  void fetch_otherSchemes_areRefused() {
    ImageFetcher fetcher = new ImageFetcher(LOCAL);
    assertThatThrownBy(() -> fetcher.fetch("ftp://example.com/a.jpg")).isInstanceOf(FaceImageException.Refused.class);
    assertThatThrownBy(() -> fetcher.fetch("gopher://127.0.0.1:6379/_INFO")).isInstanceOf(FaceImageException.Refused.class);
    assertThatThrownBy(() -> fetcher.fetch("")).isInstanceOf(FaceImageException.Refused.class);
  }
}

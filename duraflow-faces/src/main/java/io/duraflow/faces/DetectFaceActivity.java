package io.duraflow.faces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.TaskActivity;
import io.duraflow.api.TaskActivityContext;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activity {@code DetectFace}: input an image URL (a JSON string, or {@code {"url": "..."}}), output
 * {@link ImageFaces}. Failures are {@link FaceImageException}s whose type says whether a retry can help.
 *
 * <p>Idempotent (it only reads the URL) and thread-safe; the models load on the first call, not at
 * registration, so a worker starts fast.
 */
public final class DetectFaceActivity implements TaskActivity {
  private static final Logger LOG = LoggerFactory.getLogger(DetectFaceActivity.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FaceOptions options;
  private final ImageFetcher fetcher;
  private final ImageDecoder decoder;
  private volatile FaceAnalyzer analyzer;

  public DetectFaceActivity(FaceOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.fetcher = new ImageFetcher(options);
    this.decoder = new ImageDecoder(options);
  }

  @Override
  public Object run(TaskActivityContext ctx) {
    String url = urlOf(ctx.getRawInput());
    ImageFaces result = detect(url);
    LOG.info("DetectFace {} for instance {} task {}: {} face(s)", result.url(), ctx.getInstanceId(),
        ctx.getTaskId(), result.faces().size());
    return result;
  }

  /** Fetches, decodes and analyses the image at {@code url}. */
  public ImageFaces detect(String url) {
    return detect(fetcher.fetch(url), ImageFetcher.describe(url));
  }

  /**
   * Decodes and analyses image bytes that came from {@code source} (a name for messages and the result),
   * e.g. a file the user named on the command line.
   */
  public ImageFaces detect(byte[] bytes, String source) {
    try (DecodedImage decoded = decoder.read(bytes, source)) {
      RgbImage image = decoded.image();
      FaceAnalyzer.Analysis analysis;
      try {
        analysis = analyzer().analyze(image);
      } catch (OutOfMemoryError e) {
        // The analysis allocates the pyramid's halvings: under memory pressure that can fail too, and it
        // says nothing about the image either.
        throw ImageDecoder.outOfMemory(source, decoded.width() + "x" + decoded.height());
      }
      LOG.debug("{}: {}x{} analysed at {}x{}, {} face(s), model time {} ms", source, decoded.width(),
          decoded.height(), image.width(), image.height(), analysis.faces().size(), analysis.modelTime().toMillis());
      return new ImageFaces(source, decoded.width(), decoded.height(), decoded.toSourcePixels(analysis.faces()));
    }
  }

  private FaceAnalyzer analyzer() {
    FaceAnalyzer a = analyzer;
    if (a == null) {
      synchronized (this) {
        a = analyzer;
        if (a == null) {
          a = FaceAnalyzer.of(options);
          analyzer = a;
        }
      }
    }
    return a;
  }

  static String urlOf(String rawInput) {
    if (rawInput == null) {
      throw new IllegalArgumentException("DetectFace needs an image URL as input, got none");
    }
    try {
      JsonNode node = JSON.readTree(rawInput);
      if (node.isTextual()) {
        return node.asText();
      }
      if (node.isObject() && node.path("url").isTextual()) {
        return node.path("url").asText();
      }
    } catch (JsonProcessingException e) {
      // fall through: not JSON
    }
    throw new IllegalArgumentException("DetectFace needs a URL string (or {\"url\": ...}) as input, got "
        + ImageFetcher.describe(rawInput));
  }
}

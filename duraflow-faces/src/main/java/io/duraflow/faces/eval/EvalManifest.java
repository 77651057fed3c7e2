package io.duraflow.faces.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The labelled evaluation set's manifest ({@code duraflow-faces/eval/manifest.json}): where each photo comes
 * from (a Debian or npm package, pinned) and what is in it, by hand.
 *
 * @param sources registry packages by id
 * @param images the photos, each with its faces, or none for a photo without a face
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvalManifest(Map<String, Source> sources, List<Image> images) {

  /** A registry package the photos are taken from. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Source(String type, String packageName, String version, String license) {
    @com.fasterxml.jackson.annotation.JsonCreator
    static Source of(@com.fasterxml.jackson.annotation.JsonProperty("type") String type,
        @com.fasterxml.jackson.annotation.JsonProperty("package") String pkg,
        @com.fasterxml.jackson.annotation.JsonProperty("version") String version,
        @com.fasterxml.jackson.annotation.JsonProperty("license") String license) {
      return new Source(type, pkg, version, license);
    }
  }

  /**
   * One photo.
   *
   * @param id unique name
   * @param source key into {@link EvalManifest#sources}
   * @param file file name under the source's folder of the extracted set
   * @param width width of the upright image
   * @param height height of the upright image
   * @param faces the faces a person sees, each with its box
   * @param ignore regions where a detection counts neither as found nor as false (tiny, drawn, occluded faces)
   * @param note what the photo shows
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Image(String id, String source, String file, int width, int height, List<Face> faces,
      List<int[]> ignore, String note) {
    public Image {
      faces = faces == null ? List.of() : List.copyOf(faces);
      ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }

    /** Where the extracted file is under {@code imagesDir}. */
    public Path path(Path imagesDir) {
      return imagesDir.resolve(source).resolve(file);
    }
  }

  /**
   * A labelled face.
   *
   * @param box x, y, w, h in pixels of the upright image
   * @param expression {@code smiling}, {@code neutral} or {@code other}
   * @param clear whether the labeller was sure of the expression
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Face(int[] box, String expression, boolean clear) {
    /** The larger side of the box: the face size the recall buckets and the minimum face size use. */
    public int size() {
      return Math.max(box[2], box[3]);
    }

    public boolean smiling() {
      return clear && "smiling".equals(expression);
    }

    public boolean neutral() {
      return clear && "neutral".equals(expression);
    }
  }

  /** Reads a manifest file; unknown fields are ignored so the manifest can carry notes. */
  public static EvalManifest load(Path file) throws IOException {
    return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .readValue(file.toFile(), EvalManifest.class);
  }
}

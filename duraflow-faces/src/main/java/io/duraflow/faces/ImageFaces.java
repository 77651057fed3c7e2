package io.duraflow.faces;

import java.util.List;

/**
 * What DetectFace found in one image: the activity's JSON result.
 *
 * @param url the image URL (data: URLs shortened, see {@link ImageFetcher#describe})
 * @param width image width after EXIF orientation
 * @param height image height after EXIF orientation
 * @param faces the faces, best detector score first; empty when there is none
 */
public record ImageFaces(String url, int width, int height, List<FaceScore> faces) {
  public ImageFaces {
    faces = faces == null ? List.of() : List.copyOf(faces);
  }
}

package io.duraflow.faces;

/**
 * A face's bounding box in image pixels (after EXIF orientation): top-left corner and size.
 *
 * @param x left edge
 * @param y top edge
 * @param w width
 * @param h height
 */
public record FaceBox(int x, int y, int w, int h) {}

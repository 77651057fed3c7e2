package io.duraflow.faces;

/**
 * One face DetectFace found.
 *
 * @param box where the face is
 * @param happiness P(happy) from the FER2013 emotion model, 0..1 (not calibrated like the retired cloud
 *     attribute: see docs/faces.md)
 * @param confidence the detector's score, 0..1
 */
public record FaceScore(FaceBox box, double happiness, double confidence) {}

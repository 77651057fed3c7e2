package io.duraflow.faces;

import io.duraflow.api.TaskRegistry;
import java.util.Objects;

/**
 * Registers the face-happiness workflow: activity {@value #DETECT_FACE} and orchestration
 * {@value #FACE_HAPPINESS}, also under the seed's name {@value #ORCHESTRATOR}.
 *
 * <pre>{@code
 * TaskRegistry.Builder registry = TaskRegistry.builder();
 * FaceWorkflow.register(registry, FaceOptions.builder().allowPrivateUrls(false).build());
 * }</pre>
 */
public final class FaceWorkflow {
  public static final String DETECT_FACE = "DetectFace";
  public static final String FACE_HAPPINESS = "FaceHappiness";
  public static final String ORCHESTRATOR = "Orchestrator";

  private FaceWorkflow() {}

  /** Adds the activity and both orchestration names to {@code registry}. Models load on first use. */
  public static TaskRegistry.Builder register(TaskRegistry.Builder registry, FaceOptions options) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(options, "options");
    FaceHappinessOrchestration orchestration = new FaceHappinessOrchestration(options);
    return registry
        .addActivity(DETECT_FACE, new DetectFaceActivity(options))
        .addOrchestration(FACE_HAPPINESS, orchestration, FaceHappinessOrchestration::checkInput)
        .addOrchestration(ORCHESTRATOR, orchestration, FaceHappinessOrchestration::checkInput);
  }
}

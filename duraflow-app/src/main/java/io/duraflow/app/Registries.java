package io.duraflow.app;

import io.duraflow.api.TaskRegistry;
import io.duraflow.faces.FaceOptions;
import io.duraflow.faces.FaceWorkflow;
import io.duraflow.samples.Samples;

/** The orchestrations and activities the app registers: the samples and the face workflow. */
final class Registries {
  private Registries() {}

  static TaskRegistry standard(FaceOptions faceOptions) {
    TaskRegistry.Builder builder = TaskRegistry.builder();
    Samples.register(builder);
    FaceWorkflow.register(builder, faceOptions);
    return builder.build();
  }
}

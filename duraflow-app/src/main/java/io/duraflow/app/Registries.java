package io.duraflow.app;

import io.duraflow.api.TaskRegistry;
import io.duraflow.faces.FaceOptions;
import io.duraflow.faces.FaceWorkflow;
import io.duraflow.samples.Samples;

/** The orchestrations, activities and entities the app registers: the samples and the face workflow. */
final class Registries {
  private Registries() {}

  static TaskRegistry standard(FaceOptions faceOptions) {
    return withPlugins(faceOptions, Registries.class.getClassLoader()).build();
  }

  /** The built-in ones plus those of every {@link io.duraflow.api.WorkflowProvider} {@code plugins} finds. */
  static TaskRegistry.Builder withPlugins(FaceOptions faceOptions, ClassLoader plugins) {
    TaskRegistry.Builder builder = TaskRegistry.builder();
    Samples.register(builder);
    Samples.registerEntities(builder);
    FaceWorkflow.register(builder, faceOptions);
    Plugins.register(plugins, builder);
    return builder;
  }
}

package io.duraflow.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.TaskRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes with --plugins get messages that say what to fix. */
class PluginsTest {
  @TempDir Path dir;

  @Test
  void notADirectory_orNoJars_isAClearError() throws Exception {
    Path file = Files.writeString(dir.resolve("x.jar"), "not a directory");
    assertThatThrownBy(() -> Plugins.loader(file)).hasMessageContaining("is not a directory");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> Plugins.loader(empty)).hasMessageContaining("has no .jar files");
  }

  @Test
  void aPluginRegisteringABuiltInName_namesThePluginAndTheName() {
    TaskRegistry.Builder builder = TaskRegistry.builder().addOrchestration("HelloSequence", ctx -> null);
    ClassLoader withDuplicate = new ClassLoader(PluginsTest.class.getClassLoader()) {
      @Override
      public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
        if (name.equals("META-INF/services/io.duraflow.api.WorkflowProvider")) {
          Path services = dir.resolve("services");
          Files.writeString(services, DuplicateProvider.class.getName() + "\n");
          return java.util.Collections.enumeration(java.util.List.of(services.toUri().toURL()));
        }
        return super.getResources(name);
      }
    };
    assertThatThrownBy(() -> Plugins.register(withDuplicate, builder))
        .hasMessageContaining("Plug-in " + DuplicateProvider.class.getName())
        .hasMessageContaining("'HelloSequence' is already registered");
  }

  /** A provider that registers a name the server already has. */
  public static final class DuplicateProvider implements io.duraflow.api.WorkflowProvider {
    @Override
    public void register(TaskRegistry.Builder registry) {
      registry.addOrchestration("HelloSequence", ctx -> "mine");
    }
  }
}

package io.duraflow.app;

import io.duraflow.api.TaskRegistry;
import io.duraflow.api.WorkflowProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Users' orchestrations and activities from {@link WorkflowProvider}s: on the class path, and in the jars
 * of a plug-in directory, loaded by one class loader whose parent is the server's (so plug-ins see
 * Duraflow's API, and share its classes).
 */
final class Plugins {
  private Plugins() {}

  /** The class loader for {@code dir}'s jars (sorted by name), or the server's own without a directory. */
  static ClassLoader loader(Path dir) {
    ClassLoader parent = Plugins.class.getClassLoader();
    if (dir == null) {
      return parent;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--plugins " + dir + " is not a directory");
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("--plugins " + dir + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list plug-in directory " + dir + ": " + e.getMessage(), e);
    }
    if (jars.isEmpty()) {
      throw new IllegalArgumentException("--plugins " + dir + " has no .jar files");
    }
    return new URLClassLoader("duraflow-plugins", jars.toArray(URL[]::new), parent);
  }

  /**
   * Registers every provider {@code loader} finds into {@code registry}; returns their names.
   *
   * @throws IllegalArgumentException when a provider cannot be loaded or registers a name already taken
   */
  static List<String> register(ClassLoader loader, TaskRegistry.Builder registry) {
    List<String> names = new ArrayList<>();
    try {
      for (WorkflowProvider provider : ServiceLoader.load(WorkflowProvider.class, loader)) {
        try {
          provider.register(registry);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Plug-in " + provider.name() + ": " + e.getMessage(), e);
        }
        names.add(provider.name());
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalArgumentException("A plug-in could not be loaded: " + e.getMessage(), e);
    }
    return names;
  }
}

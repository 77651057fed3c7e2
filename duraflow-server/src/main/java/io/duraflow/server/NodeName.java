package io.duraflow.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A node's stable name kept in its data directory, so a restarted {@code serve} is recognised as the same
 * node (see {@code DuraflowEngine.Builder#nodeId}). Made once, with a random part so that two data
 * directories never share a name.
 */
public final class NodeName {
  public static final String FILE_NAME = "node.id";

  private NodeName() {}

  public static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(dataDir);
        String name = "node-" + UUID.randomUUID().toString().substring(0, 8);
        try {
          Files.writeString(file, name + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
              java.nio.file.StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException raced) {
          // another process made it first: use theirs
        }
      }
      String name = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("The node name file " + file + " is empty; delete it or pass --node-id");
      }
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or create the node name file " + file + ": " + e.getMessage(), e);
    }
  }
}

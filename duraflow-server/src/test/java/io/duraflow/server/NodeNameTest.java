package io.duraflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeNameTest {
  @TempDir Path dir;

  @Test
  void madeOnFirstUse_thenTheSameForEveryRestart_andDifferentPerDataDirectory() throws Exception {
    String first = NodeName.loadOrCreate(dir.resolve("a"));
    assertThat(first).startsWith("node-");
    assertThat(NodeName.loadOrCreate(dir.resolve("a"))).isEqualTo(first);
    assertThat(Files.readString(dir.resolve("a").resolve(NodeName.FILE_NAME)).strip()).isEqualTo(first);
    assertThat(NodeName.loadOrCreate(dir.resolve("b"))).isNotEqualTo(first);
  }

  @Test
  void emptyFile_isAClearError() throws Exception {
    Files.writeString(dir.resolve(NodeName.FILE_NAME), "\n");
    assertThatThrownBy(() -> NodeName.loadOrCreate(dir)).hasMessageContaining("is empty").hasMessageContaining("--node-id");
  }
}

package io.duraflow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
  @TempDir Path dir;

  @Test
  void loadOrCreate_explicitKey_winsAndWritesNothing() {
    MasterKey key = MasterKey.loadOrCreate(dir, "  from-flag  ");

    assertThat(key.value()).isEqualTo("from-flag");
    assertThat(key.generated()).isFalse();
    assertThat(key.file()).isNull();
    assertThat(dir.resolve(MasterKey.FILE_NAME)).doesNotExist();
  }

  @Test
  void loadOrCreate_noKeyAnywhere_generatesUrlSafeKeyWithMode600() throws Exception {
    Path data = dir.resolve("data");

    MasterKey key = MasterKey.loadOrCreate(data, null);

    assertThat(key.generated()).isTrue();
    assertThat(key.value()).matches("[A-Za-z0-9_-]{43}");
    Path file = data.resolve(MasterKey.FILE_NAME);
    assertThat(key.file()).isEqualTo(file);
    assertThat(Files.readString(file).trim()).isEqualTo(key.value());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var leftovers = Files.list(data)) {
      assertThat(leftovers).containsExactly(file);
    }
  }

  @Test
  void loadOrCreate_secondStart_readsTheSameKeyAndReportsNotGenerated() {
    MasterKey first = MasterKey.loadOrCreate(dir, null);
    MasterKey second = MasterKey.loadOrCreate(dir, "");

    assertThat(second.value()).isEqualTo(first.value());
    assertThat(second.generated()).isFalse();
  }

  @Test
  void loadOrCreate_generatedKeysDiffer() {
    assertThat(MasterKey.loadOrCreate(dir.resolve("a"), null).value())
        .isNotEqualTo(MasterKey.loadOrCreate(dir.resolve("b"), null).value());
  }

  @Test
  void loadOrCreate_emptyKeyFile_failsNamingTheFile() throws Exception {
    Files.writeString(dir.resolve(MasterKey.FILE_NAME), "\n");

    assertThatThrownBy(() -> MasterKey.loadOrCreate(dir, null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(MasterKey.FILE_NAME);
  }

  @Test
  void toString_neverShowsTheKey() {
    MasterKey key = MasterKey.loadOrCreate(dir, "super-secret-value");

    assertThat(key.toString()).doesNotContain("super-secret-value");
  }
}

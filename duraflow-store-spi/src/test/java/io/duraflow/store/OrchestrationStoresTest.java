package io.duraflow.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The factory without any backend: this module's test class path has none. */
class OrchestrationStoresTest {
  @TempDir Path dir;

  @Test
  void open_noBackendOnClassPath_namesTheModulesToAdd() {
    assertThatThrownBy(() -> OrchestrationStores.open(null, dir, StoreOptions.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot open the default store: no store backend on the class path")
        .hasMessageContaining("duraflow-store-sqlite")
        .hasMessageContaining("META-INF/services");
    assertThatThrownBy(() -> OrchestrationStores.open("postgresql://h/db", dir, StoreOptions.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot open store 'postgresql://h/db'");
  }
}

package io.duraflow.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which specs the SQLite backend takes, and the factory's answer when no backend takes one. */
class SqliteStoreProviderTest {
  @TempDir Path dir;

  @Test
  void accepts_defaultSqliteAndDirectorySpecsOnly() {
    SqliteStoreProvider provider = new SqliteStoreProvider();
    assertThat(provider.accepts("")).isTrue();
    assertThat(provider.accepts("sqlite")).isTrue();
    assertThat(provider.accepts("SQLite")).isTrue();
    assertThat(provider.accepts("sqlite:/var/lib/duraflow")).isTrue();
    assertThat(provider.accepts("jdbc:postgresql://h/db")).isFalse();
    assertThat(provider.accepts("sqlite3")).isFalse();
  }

  @Test
  void open_unknownSpec_listsTheSpecsOfBothBackends() {
    // The test class path has duraflow-store-postgres too (for StoreThroughputTest).
    assertThatThrownBy(() -> OrchestrationStores.open("mysql://x", dir, StoreOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown store 'mysql://x'; use 'sqlite' (the default, in the data directory),"
            + " 'sqlite:<directory>', or a PostgreSQL URL (postgresql://host:5432/db?user=... or jdbc:postgresql://...)");
  }

  @Test
  void durabilitySetting_readByTheBackend_badValueNamesTheChoices() {
    assertThat(SqliteStoreProvider.durability(StoreOptions.defaults())).isEqualTo(SqliteDurability.FULL);
    assertThat(SqliteStoreProvider.durability(StoreOptions.defaults().with(SqliteStoreProvider.DURABILITY, "Normal")))
        .isEqualTo(SqliteDurability.NORMAL);
    assertThatThrownBy(() -> OrchestrationStores.open(null, dir, StoreOptions.defaults().with(SqliteStoreProvider.DURABILITY, "fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SQLite durability 'fast' is not one of: full, normal");
  }
}

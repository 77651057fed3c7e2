package io.duraflow.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which specs the PostgreSQL backend takes: those of {@link PostgresUrls#isPostgres}. */
class PostgresStoreProviderTest {

  @Test
  void accepts_postgresUrlsOnly() {
    PostgresStoreProvider provider = new PostgresStoreProvider();
    assertThat(provider.accepts("jdbc:postgresql://h:5432/db?user=u")).isTrue();
    assertThat(provider.accepts("postgresql://u@h/db")).isTrue();
    assertThat(provider.accepts("postgres://u@h/db")).isTrue();
    assertThat(provider.accepts("")).isFalse();
    assertThat(provider.accepts("sqlite")).isFalse();
    assertThat(provider.accepts("mysql://h/db")).isFalse();
  }
}

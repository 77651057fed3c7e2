package io.duraflow.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlsTest {

  @Test
  void parse_jdbcUrl_keptAsIs() {
    PostgresUrls.Target t = PostgresUrls.parse("jdbc:postgresql://db:5432/x?user=u");
    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/x?user=u");
    assertThat(t.properties()).isEmpty();
  }

  @Test
  void parse_libpqUri_becomesJdbcWithCredentialsAsProperties() {
    PostgresUrls.Target t = PostgresUrls.parse("postgresql://alice:s%40cret@db.example:6543/flows?sslmode=require");
    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/flows?sslmode=require");
    assertThat(t.properties()).containsEntry("user", "alice").containsEntry("password", "s@cret");
  }

  @Test
  void parse_queryUser_andPostgresScheme() {
    assertThat(PostgresUrls.parse("postgresql://127.0.0.1:5432/test?user=postgres").jdbcUrl())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    assertThat(PostgresUrls.parse("postgres://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
    assertThat(PostgresUrls.parse("postgresql://h").jdbcUrl()).isEqualTo("jdbc:postgresql://h/");
  }

  @Test
  void redacted_hidesPassword() {
    assertThat(PostgresUrls.parse("jdbc:postgresql://h/db?user=u&password=secret&x=1").redacted())
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&x=1");
  }

  @Test
  void parse_otherScheme_rejected() {
    assertThatThrownBy(() -> PostgresUrls.parse("mysql://h/db")).isInstanceOf(IllegalArgumentException.class);
    assertThat(PostgresUrls.isPostgres("sqlite")).isFalse();
  }
}

package io.duraflow.store.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Accepts both JDBC URLs ({@code jdbc:postgresql://host:5432/db?user=u}) and libpq-style URIs
 * ({@code postgresql://u:secret@host:5432/db?sslmode=require}, {@code postgres://...}) and turns them into a
 * JDBC URL plus connection properties (user and password taken out of the authority, which pgjdbc does not
 * read).
 */
public final class PostgresUrls {
  private PostgresUrls() {}

  /** A JDBC URL and the properties to connect with. */
  public record Target(String jdbcUrl, Properties properties) {
    /** The URL without credentials, for logs. */
    public String redacted() {
      return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
  }

  /** True for the URL forms this class understands. */
  public static boolean isPostgres(String spec) {
    return spec != null
        && (spec.startsWith("jdbc:postgresql:") || spec.startsWith("postgresql://") || spec.startsWith("postgres://"));
  }

  /**
   * Parses {@code spec}.
   *
   * @throws IllegalArgumentException for anything but a PostgreSQL URL
   */
  public static Target parse(String spec) {
    Properties props = new Properties();
    if (spec.startsWith("jdbc:postgresql:")) {
      return new Target(spec, props);
    }
    String rest;
    if (spec.startsWith("postgresql://")) {
      rest = spec.substring("postgresql://".length());
    } else if (spec.startsWith("postgres://")) {
      rest = spec.substring("postgres://".length());
    } else {
      throw new IllegalArgumentException("Not a PostgreSQL URL: '" + spec
          + "'; expected jdbc:postgresql://host:port/db or postgresql://[user[:password]@]host[:port]/db");
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String tail = slash < 0 ? "/" : rest.substring(slash);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      props.setProperty("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        props.setProperty("password", decode(userInfo.substring(colon + 1)));
      }
    }
    return new Target("jdbc:postgresql://" + authority + tail, props);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}

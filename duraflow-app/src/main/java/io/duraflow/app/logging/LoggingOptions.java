package io.duraflow.app.logging;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --log-level} and {@code --log-format}: declared once on the top-level command and inherited by
 * every subcommand, so they can be given before or after the subcommand's name
 * ({@code duraflow --log-format json serve} or {@code duraflow serve --log-format json}). Applied by
 * {@link #apply()} before the subcommand runs.
 */
public final class LoggingOptions {
  @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
      defaultValue = "${DURAFLOW_LOG_LEVEL:-info}", converter = LevelConverter.class,
      description = "Log level: error, warn, info, debug or trace (env DURAFLOW_LOG_LEVEL; default: info)."
          + " debug and trace also open up Jetty, Hikari, Flyway and TensorFlow's native log.")
  LogLevel level;

  @Option(names = "--log-format", paramLabel = "FORMAT", scope = ScopeType.INHERIT,
      defaultValue = "${DURAFLOW_LOG_FORMAT:-text}", converter = FormatConverter.class,
      description = "Log format on stderr: text, or json for one JSON object per line"
          + " (env DURAFLOW_LOG_FORMAT; default: text).")
  LogFormat format;

  /** Names the accepted values in lower case, as the help does, and where a bad value may come from. */
  static final class LevelConverter implements ITypeConverter<LogLevel> {
    @Override
    public LogLevel convert(String value) {
      return parse(LogLevel.class, value, "error, warn, info, debug or trace", "DURAFLOW_LOG_LEVEL");
    }
  }

  static final class FormatConverter implements ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
      return parse(LogFormat.class, value, "text or json", "DURAFLOW_LOG_FORMAT");
    }
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, String accepted, String env) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    throw new TypeConversionException("'" + value + "' is not one of " + accepted
        + (value.equals(System.getenv(env)) ? " (it comes from " + env + ")" : ""));
  }

  /** Configures logging for this run. */
  public void apply() {
    LogSetup.apply(level, format);
  }
}

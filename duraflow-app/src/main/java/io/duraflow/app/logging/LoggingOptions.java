package io.duraflow.app.logging;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --log-level} and {@code --log-format}: declared once on the top-level command and inherited by
 * every subcommand, so they can be given before or after the subcommand's name
 * ({@code duraflow --log-format json serve} or {@code duraflow serve --log-format json}). Applied by
 * {@link #apply()} before the subcommand runs.
 */
public final class LoggingOptions {
  @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
      defaultValue = "${DURAFLOW_LOG_LEVEL:-info}",
      description = "Log level: error, warn, info, debug or trace (env DURAFLOW_LOG_LEVEL; default: info)."
          + " debug and trace also open up Jetty, Hikari, Flyway and TensorFlow's native log.")
  LogLevel level;

  @Option(names = "--log-format", paramLabel = "FORMAT", scope = ScopeType.INHERIT,
      defaultValue = "${DURAFLOW_LOG_FORMAT:-text}",
      description = "Log format on stderr: text, or json for one JSON object per line"
          + " (env DURAFLOW_LOG_FORMAT; default: text).")
  LogFormat format;

  /** Configures logging for this run. */
  public void apply() {
    LogSetup.apply(level, format);
  }

  public LogLevel level() {
    return level;
  }
}

package io.duraflow.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Applies {@code --log-level} and {@code --log-format} to the Logback configuration that logback.xml set
 * up: the root level, the libraries held at WARN, and which stderr appender the root logger writes to
 * (the file's text one, or a JSON one). Leaves everything alone when the user gave a configuration file
 * of their own ({@code -Dlogback.configurationFile}) or another SLF4J binding is on the class path.
 */
public final class LogSetup {
  /** The appender logback.xml declares. */
  static final String TEXT_APPENDER = "STDERR";
  static final String JSON_APPENDER = "STDERR-JSON";
  /** Libraries that log at INFO on every start (Jetty, Hikari, Flyway) and what logback.xml holds at WARN. */
  static final List<String> NOISY = List.of("org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb");

  /** The text appender, kept while detached so that a later call (the next in-process run) can go back to it. */
  private static Appender<ILoggingEvent> text;
  private static Appender<ILoggingEvent> json;
  private static volatile boolean jsonLines;

  private LogSetup() {}

  /** Whether the flags take effect (false when the user's own configuration file or binding rules). */
  public static boolean configurable() {
    return System.getProperty("logback.configurationFile") == null
        && LoggerFactory.getILoggerFactory() instanceof LoggerContext;
  }

  /**
   * Whether stderr carries JSON lines only, so that a command's own progress lines go through the log
   * instead of being printed among them.
   */
  public static boolean jsonLines() {
    return jsonLines;
  }

  /** Sets the level and the format for everything logged from now on. */
  public static synchronized void apply(LogLevel level, LogFormat format) {
    if (!configurable()) {
      jsonLines = false;
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    if (!SLF4JBridgeHandler.isInstalled()) {
      // java.util.logging (the OpenTelemetry SDK, the JDK) would otherwise print its own two-line format.
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level.logback());
    for (String name : NOISY) {
      // null: the root's level; otherwise WARN, or ERROR when that is the level asked for.
      Level noisy = level.logback().isGreaterOrEqual(Level.WARN) ? level.logback() : Level.WARN;
      context.getLogger(name).setLevel(level.verbose() ? null : noisy);
    }
    if (text == null) {
      text = root.getAppender(TEXT_APPENDER);
      if (text == null) {
        return; // logback.xml was not ours after all: keep its appenders
      }
    }
    Appender<ILoggingEvent> wanted = format == LogFormat.JSON ? json(context) : text;
    Appender<ILoggingEvent> other = wanted == text ? json : text;
    if (!root.isAttached(wanted)) {
      root.addAppender(wanted); // before the detach: a line logged meanwhile is not lost
    }
    if (other != null) {
      root.detachAppender(other);
    }
    jsonLines = format == LogFormat.JSON;
  }

  private static Appender<ILoggingEvent> json(LoggerContext context) {
    if (json == null) {
      JsonLineEncoder encoder = new JsonLineEncoder();
      encoder.setContext(context);
      encoder.start();
      ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
      appender.setContext(context);
      appender.setName(JSON_APPENDER);
      appender.setTarget("System.err");
      appender.setEncoder(encoder);
      appender.start();
      json = appender;
    }
    return json;
  }
}

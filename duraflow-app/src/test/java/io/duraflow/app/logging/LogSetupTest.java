package io.duraflow.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogSetupTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void backToDefaults() {
    LogSetup.apply(LogLevel.INFO, LogFormat.TEXT);
  }

  @ParameterizedTest(name = "{0}: root {1}, libraries {2}")
  @CsvSource({"ERROR, ERROR, ERROR", "WARN, WARN, WARN", "INFO, INFO, WARN", "DEBUG, DEBUG, DEBUG", "TRACE, TRACE, TRACE"})
  void apply_setsTheRootLevel_andHoldsTheNoisyLibrariesAtWarnUnlessDebugging(LogLevel level, String root,
      String libraries) {
    LogSetup.apply(level, LogFormat.TEXT);

    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.toLevel(root));
    for (String name : new String[] {"org.eclipse.jetty.server.Server", "com.zaxxer.hikari.pool.HikariPool",
        "org.flywaydb.core.Flyway", "io.javalin.Javalin"}) {
      assertThat(context.getLogger(name).getEffectiveLevel()).as(name).isEqualTo(Level.toLevel(libraries));
    }
  }

  @ParameterizedTest
  @CsvSource({"JSON, STDERR-JSON, STDERR", "TEXT, STDERR, STDERR-JSON"})
  void apply_attachesExactlyOneStderrAppender(LogFormat format, String attached, String detached) {
    LogSetup.apply(LogLevel.INFO, LogFormat.JSON); // both exist from here on
    LogSetup.apply(LogLevel.INFO, format);

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender(attached)).isNotNull();
    assertThat(root.getAppender(detached)).isNull();
  }

  @Test
  void apply_routesJavaUtilLogging_throughLogback_atLogbacksLevel() {
    LogSetup.apply(LogLevel.WARN, LogFormat.JSON);
    String name = "io.opentelemetry.exporter.internal.http.HttpExporter";
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.setContext(context);
    seen.start();
    context.getLogger(name).addAppender(seen);
    try {
      java.util.logging.Logger jul = java.util.logging.Logger.getLogger(name);
      jul.info("below the level");
      jul.warning("Failed to export spans: connection refused");

      assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("Failed to export spans: connection refused");
      assertThat(seen.list.get(0).getLevel()).isEqualTo(Level.WARN);
    } finally {
      context.getLogger(name).detachAppender(seen);
    }
  }
}

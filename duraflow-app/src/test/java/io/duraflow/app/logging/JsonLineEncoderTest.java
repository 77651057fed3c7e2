package io.duraflow.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
  private final JsonLineEncoder encoder = new JsonLineEncoder();

  private LoggingEvent event(String message, Throwable thrown, Object... args) {
    LoggingEvent e = new LoggingEvent("fqcn", context.getLogger("io.duraflow.Test"), Level.WARN, message, thrown, args);
    e.setThreadName("worker-1\n\"quoted\"");
    return e;
  }

  private JsonNode encode(LoggingEvent e) throws Exception {
    String line = new String(encoder.encode(e), StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n");
    assertThat(line.substring(0, line.length() - 1)).as("one line").doesNotContain("\n");
    return JSON.readTree(line);
  }

  @Test
  void encode_writesTheFixedFields_withAnIsoUtcTimestampAndTheFormattedMessage() throws Exception {
    LoggingEvent e = event("Step of instance '{}' failed", null, "abc");
    JsonNode json = encode(e);

    assertThat(Instant.parse(json.get("timestamp").asText()).toEpochMilli()).isEqualTo(e.getTimeStamp());
    assertThat(json.get("timestamp").asText()).endsWith("Z");
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("logger").asText()).isEqualTo("io.duraflow.Test");
    assertThat(json.get("thread").asText()).isEqualTo("worker-1\n\"quoted\"");
    assertThat(json.get("message").asText()).isEqualTo("Step of instance 'abc' failed");
    assertThat(json.has("exception")).isFalse();
  }

  @Test
  void encode_putsMdcAndKeyValuesAtTheTopLevel_butNeverOverAFixedField() throws Exception {
    LoggingEvent e = event("m", null);
    e.setMDCPropertyMap(Map.of("instanceId", "abc", "message", "forged"));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("orderId", 42));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("level", "forged"));
    JsonNode json = encode(e);

    assertThat(json.get("instanceId").asText()).isEqualTo("abc");
    assertThat(json.get("orderId").asText()).isEqualTo("42");
    assertThat(json.get("message").asText()).isEqualTo("m");
    assertThat(json.get("level").asText()).isEqualTo("WARN");
  }

  @Test
  void encode_withAThrowable_writesItsStackTraceAsOneString() throws Exception {
    IllegalStateException failure = new IllegalStateException("store gone", new RuntimeException("disk"));
    JsonNode json = encode(event("failed", failure));

    String exception = json.get("exception").asText();
    assertThat(exception).startsWith("java.lang.IllegalStateException: store gone")
        .contains("\tat " + getClass().getName(), "Caused by: java.lang.RuntimeException: disk");
  }
}

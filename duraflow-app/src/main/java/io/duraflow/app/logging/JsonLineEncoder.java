package io.duraflow.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each event as one JSON object on one line:
 * {@code {"timestamp":"2026-12-01T15:04:05.123Z","level":"WARN","logger":"...","thread":"...",
 * "message":"...","instanceId":"...",...,"exception":"java.lang...\n\tat ..."}}.
 *
 * <p>The MDC fields ({@code instanceId}, {@code executionId}, {@code orchestration}, {@code activity},
 * {@code taskId}) and SLF4J key-value pairs sit at the top level, so {@code jq 'select(.instanceId == "x")'}
 * finds an instance's lines; one whose name clashes with a fixed field is dropped rather than
 * overwrite it. Logback's own {@code JsonEncoder} was not used: it writes the timestamp as epoch
 * milliseconds, nests the MDC, and adds the logger context and sequence numbers to every line.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final Set<String> FIXED = Set.of("timestamp", "level", "logger", "thread", "message", "exception");
  private static final byte[] NEWLINE = {'\n'};
  private final JsonFactory json = new JsonFactory();

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", event.getFormattedMessage());
      for (Map.Entry<String, String> e : event.getMDCPropertyMap().entrySet()) {
        if (!FIXED.contains(e.getKey())) {
          g.writeStringField(e.getKey(), e.getValue());
        }
      }
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair kv : event.getKeyValuePairs()) {
          if (!FIXED.contains(kv.key) && !event.getMDCPropertyMap().containsKey(kv.key)) {
            g.writeStringField(kv.key, String.valueOf(kv.value));
          }
        }
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    out.writeBytes(NEWLINE);
    return out.toByteArray();
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}

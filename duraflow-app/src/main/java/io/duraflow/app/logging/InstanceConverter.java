package io.duraflow.app.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.duraflow.worker.LogContext;

/**
 * {@code %instance} in a text pattern: {@code " instance=ID"} when the line was logged while the runtime
 * worked on an instance ({@link LogContext}), nothing otherwise, so lines about no instance stay short.
 */
public final class InstanceConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    String id = event.getMDCPropertyMap().get(LogContext.INSTANCE_ID);
    return id == null ? "" : " instance=" + id;
  }
}

package io.duraflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void instance_nestedScopes_restoreTheOuterValuesOnClose() {
    MDC.put("requestId", "r1");
    try (LogContext outer = LogContext.instance("outer")) {
      try (LogContext inner = LogContext.instance("inner")) {
        assertThat(MDC.get(LogContext.INSTANCE_ID)).isEqualTo("inner");
      }
      assertThat(MDC.get(LogContext.INSTANCE_ID)).isEqualTo("outer");
    }
    assertThat(MDC.get(LogContext.INSTANCE_ID)).isNull();
    assertThat(MDC.get("requestId")).as("keys it did not set stay").isEqualTo("r1");
  }

  @Test
  void instance_null_putsNothing() {
    try (LogContext none = LogContext.instance(null)) {
      assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
  }

  @Test
  void propagating_runsEachTaskWithItsSubmittersContext_andLeavesThePooledThreadClean() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    ExecutorService threads = LogContext.propagating(single);
    try {
      CompletableFuture<Map<String, String>> first = new CompletableFuture<>();
      try (LogContext c = LogContext.instance("a")) {
        threads.execute(() -> first.complete(MDC.getCopyOfContextMap()));
      }
      CompletableFuture<Map<String, String>> second = new CompletableFuture<>();
      threads.execute(() -> second.complete(MDC.getCopyOfContextMap())); // submitted with no instance
      CompletableFuture<Map<String, String>> plain = new CompletableFuture<>();
      single.execute(() -> plain.complete(MDC.getCopyOfContextMap())); // the same thread, not wrapped

      assertThat(first.get(10, TimeUnit.SECONDS)).containsEntry(LogContext.INSTANCE_ID, "a");
      assertThat(second.get(10, TimeUnit.SECONDS)).isNullOrEmpty();
      assertThat(plain.get(10, TimeUnit.SECONDS)).isNullOrEmpty();
    } finally {
      threads.shutdownNow();
      assertThat(single.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}

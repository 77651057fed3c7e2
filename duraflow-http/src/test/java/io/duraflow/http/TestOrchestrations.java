package io.duraflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.duraflow.api.Task;
import io.duraflow.api.TaskRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Small orchestrations the HTTP tests drive. */
final class TestOrchestrations {
  /** While true, activity {@code FailsUntilFixed} throws; tests flip it before a rewind. */
  static final AtomicBoolean BROKEN = new AtomicBoolean(true);

  private TestOrchestrations() {}

  static TaskRegistry registry() {
    return TaskRegistry.builder()
        // An entity: a number that "add" increases by its input; "delete" removes it.
        .addEntity("counter", ctx -> {
          int value = ctx.hasState() ? ctx.getState(Integer.class) : 0;
          switch (ctx.operationName()) {
            case "add" -> ctx.setState(value + ctx.getInput(Integer.class));
            case "delete" -> ctx.deleteState();
            default -> throw new IllegalArgumentException("no operation " + ctx.operationName());
          }
          return null;
        })
        // Locks the counter named by the input, adds 2 and reads it back.
        .addOrchestration("UseCounter", ctx -> {
          io.duraflow.api.EntityInstanceId id = new io.duraflow.api.EntityInstanceId("counter", ctx.getInput(String.class));
          try (io.duraflow.api.EntityLock lock = ctx.lockEntities(id).await()) {
            ctx.callEntity(id, "add", 2, Void.class).await();
          }
          ctx.signalEntity(id, "add", 1);
          return lock(ctx, id);
        })
        // HelloSequence: three activity calls in a row.
        .addOrchestration("Hello", ctx -> {
          String[] names = ctx.getRawInput() == null ? null : ctx.getInput(String[].class);
          List<String> cities = names == null ? List.of("Tokyo", "Seattle", "London") : List.of(names);
          List<String> greetings = new ArrayList<>();
          for (String city : cities) {
            greetings.add(ctx.callActivity("SayHello", city, String.class).await());
          }
          return greetings;
        })
        .addActivity("SayHello", ctx -> "Hello " + ctx.getInput(String.class) + "!")
        // The seed's face workflow, with a fake detector: fan out over {"urls": [...]}, drop images without
        // faces, answer the smallest and largest happiness.
        .addOrchestration("Orchestrator", ctx -> {
          JsonNode input = ctx.getInput(JsonNode.class);
          List<Task<double[]>> detections = new ArrayList<>();
          for (JsonNode url : input.get("urls")) {
            detections.add(ctx.callActivity("DetectFace", url.asText(), double[].class));
          }
          List<Double> all = new ArrayList<>();
          for (double[] faces : ctx.allOf(detections).await()) {
            if (faces != null) {
              for (double f : faces) {
                all.add(f);
              }
            }
          }
          Map<String, Object> result = new LinkedHashMap<>();
          result.put("min_val", all.stream().min(Double::compare).orElse(null));
          result.put("max_val", all.stream().max(Double::compare).orElse(null));
          return result;
        })
        .addActivity("DetectFace", ctx -> {
          String url = ctx.getInput(String.class);
          if (url.contains("group")) {
            return new double[] {0.0, 0.4, 0.9};
          }
          if (url.contains("portrait")) {
            return new double[] {1.0, 0.5};
          }
          return null; // no face
        })
        // Echoes its input.
        .addOrchestration("Echo", ctx -> ctx.getInput(JsonNode.class))
        // Tags itself stage=<input> from its code (docs/queues.md).
        .addOrchestration("TagsItself", ctx -> {
          ctx.setTags(Map.of("stage", ctx.getInput(String.class)));
          return ctx.getInput(String.class);
        })
        // Waits for event "Approval" and answers its payload.
        .addOrchestration("WaitForApproval", ctx -> {
          ctx.setCustomStatus(Map.of("waitingFor", "Approval"));
          JsonNode answer = ctx.waitForExternalEvent("Approval", JsonNode.class).await();
          ctx.setCustomStatus(null);
          return Map.of("approved", Objects.requireNonNullElse(answer, "null"));
        })
        // Fails in an activity until BROKEN is false: for rewind.
        .addOrchestration("Rewindable", ctx -> {
          String a = ctx.callActivity("SayHello", "before", String.class).await();
          String b = ctx.callActivity("FailsUntilFixed", null, String.class).await();
          return a + " / " + b;
        })
        .addActivity("FailsUntilFixed", ctx -> {
          if (BROKEN.get()) {
            throw new IllegalStateException("not fixed yet");
          }
          return "fixed";
        })
        // Fails in orchestrator code.
        .addOrchestration("Throws", ctx -> {
          throw new IllegalStateException("orchestrator bug");
        })
        // One activity that waits at GATE: its result is due exactly when a test wants it (disk full).
        .addOrchestration("Gated", ctx -> ctx.callActivity("WaitAtGate", ctx.getInput(String.class), String.class).await())
        .addActivity("WaitAtGate", ctx -> GATE.pass(ctx.getInput(String.class)))
        .build();
  }

  /** Where activity {@code WaitAtGate} waits until a test opens it. */
  static final ActivityGate GATE = new ActivityGate();

  /** A gate activities wait at; thread-safe. */
  static final class ActivityGate {
    private volatile CountDownLatch open = new CountDownLatch(1);
    /** Activities waiting at the gate now. */
    final AtomicInteger waiting = new AtomicInteger();
    /** Activities that passed since the gate was last closed. */
    final AtomicInteger passed = new AtomicInteger();

    String pass(String input) throws InterruptedException {
      waiting.incrementAndGet();
      try {
        if (!open.await(5, TimeUnit.MINUTES)) {
          throw new IllegalStateException("The test never opened the gate");
        }
      } finally {
        waiting.decrementAndGet();
      }
      passed.incrementAndGet();
      return "passed " + input;
    }

    void open() {
      open.countDown();
    }

    void close() {
      open = new CountDownLatch(1);
      passed.set(0);
    }
  }

  /** UseCounter's last call, outside the critical section. */
  private static Object lock(io.duraflow.api.TaskOrchestrationContext ctx, io.duraflow.api.EntityInstanceId id) {
    return ctx.callEntity(id, "add", 0, Void.class).await();
  }
}

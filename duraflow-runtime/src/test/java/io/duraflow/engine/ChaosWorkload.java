package io.duraflow.engine;

import io.duraflow.api.RetryPolicy;
import io.duraflow.api.Task;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The chaos suite's orchestrations and activities: one of each engine feature, with outputs that are plain
 * arithmetic on the input, so the test computes them on its own ({@link ChaosCase}).
 *
 * <p>Every activity first records its run in the {@link RunLog}, then works for a few tens of milliseconds
 * so that kills land while activities run. Inputs are {@code long[]} (JSON arrays):
 * <ul>
 *   <li>{@code ChaosSequence [n, start]}: {@code n} {@code ChaosStep} calls in a row, folding {@link #step};
 *   <li>{@code ChaosFanOut [width, base]}: {@code width} {@code ChaosSquare} calls at once, summed;
 *   <li>{@code ChaosTimers [start, d1, d2, ...]}: a durable timer of {@code d_k} ms before each step;
 *   <li>{@code ChaosEvents [count, start]}: waits for {@code count} events {@code "signal"}, one step each;
 *   <li>{@code ChaosParent [[start], [kind, a, b]...]}: sub-orchestrations (kind 0: sequence, 1: fan-out)
 *       started at once, then one step over the sum of their outputs;
 *   <li>{@code ChaosRetry [failures, maxAttempts, value]}: {@code ChaosFlaky} with a retry policy; it fails
 *       its first {@code failures} attempts; the code returns "ok:N", or "gave-up" when attempts run out;
 *   <li>{@code ChaosLoop [iteration, remaining, acc]}: one step (and every third iteration a timer) per
 *       execution, then continue-as-new until {@code remaining} is 0.
 * </ul>
 */
final class ChaosWorkload {
  private ChaosWorkload() {}

  static final String SIGNAL = "signal";
  static final Duration RETRY_INTERVAL = Duration.ofMillis(100);
  static final Duration LOOP_TIMER = Duration.ofMillis(50);
  private static final long MOD = 1_000_003L;

  /** What {@code ChaosStep} computes. */
  static long step(long acc, long i) {
    return Math.floorMod(acc * 31 + i * i + 7, MOD);
  }

  /** What {@code ChaosFlaky} returns once it succeeds. */
  static long flakyValue(long value) {
    return value * 3 + 1;
  }

  /** The workload's registry; {@code log} is null in the test process, which runs no activities. */
  static TaskRegistry registry(RunLog log) {
    return TaskRegistry.builder()
        .addOrchestration("ChaosSequence", ctx -> sequence(ctx.getInput(long[].class), ctx))
        .addOrchestration("ChaosFanOut", ctx -> fanOut(ctx.getInput(long[].class), ctx))
        .addOrchestration("ChaosTimers", ctx -> {
          long[] in = ctx.getInput(long[].class);
          long acc = in[0];
          for (int k = 1; k < in.length; k++) {
            ctx.createTimer(Duration.ofMillis(in[k])).await();
            acc = ctx.callActivity("ChaosStep", new long[] {acc, k}, Long.class).await();
          }
          return acc;
        })
        .addOrchestration("ChaosEvents", ctx -> {
          long[] in = ctx.getInput(long[].class);
          long acc = in[1];
          for (int k = 0; k < in[0]; k++) {
            long v = ctx.waitForExternalEvent(SIGNAL, Long.class).await();
            acc = ctx.callActivity("ChaosStep", new long[] {acc, v}, Long.class).await();
          }
          return acc;
        })
        .addOrchestration("ChaosParent", ctx -> {
          long[][] in = ctx.getInput(long[][].class);
          List<Task<Long>> children = new ArrayList<>();
          for (int k = 1; k < in.length; k++) {
            String name = in[k][0] == 0 ? "ChaosSequence" : "ChaosFanOut";
            children.add(ctx.callSubOrchestrator(name, new long[] {in[k][1], in[k][2]}, null, Long.class));
          }
          long sum = in[0][0];
          for (long v : ctx.allOf(children).await()) {
            sum += v;
          }
          return ctx.callActivity("ChaosStep", new long[] {sum, children.size()}, Long.class).await();
        })
        .addOrchestration("ChaosRetry", ctx -> {
          long[] in = ctx.getInput(long[].class);
          RetryPolicy policy = RetryPolicy.of((int) in[1], RETRY_INTERVAL);
          try {
            return "ok:" + ctx.callActivity("ChaosFlaky", new long[] {in[0], in[2]}, policy, Long.class).await();
          } catch (TaskFailedException e) {
            return "gave-up";
          }
        })
        .addOrchestration("ChaosLoop", ctx -> {
          long[] in = ctx.getInput(long[].class);
          if (in[0] % 3 == 2) {
            ctx.createTimer(LOOP_TIMER).await();
          }
          long acc = ctx.callActivity("ChaosStep", new long[] {in[2], in[0]}, Long.class).await();
          if (in[1] == 0) {
            return acc;
          }
          ctx.continueAsNew(new long[] {in[0] + 1, in[1] - 1, acc});
          return null;
        })
        .addActivity("ChaosStep", ctx -> {
          long[] in = ctx.getInput(long[].class);
          record(log, ctx.getInstanceId(), ctx.getTaskId(), "ChaosStep", ctx.getRawInput());
          Thread.sleep(10 + Math.floorMod(in[1], 4) * 10L);
          return step(in[0], in[1]);
        })
        .addActivity("ChaosSquare", ctx -> {
          long x = ctx.getInput(Long.class);
          record(log, ctx.getInstanceId(), ctx.getTaskId(), "ChaosSquare", ctx.getRawInput());
          Thread.sleep(20);
          return x * x;
        })
        .addActivity("ChaosFlaky", ctx -> {
          long[] in = ctx.getInput(long[].class);
          record(log, ctx.getInstanceId(), ctx.getTaskId(), "ChaosFlaky", ctx.getRawInput());
          // The attempt number: retries are new calls with higher task ids, and each earlier attempt
          // recorded its run before it failed, on whichever node ran it. Re-runs of one call (after a
          // kill) share a task id, so they do not count as attempts.
          int mine = ctx.getTaskId();
          long attempt = 1 + log.runsOf(ctx.getInstanceId(), "ChaosFlaky").stream()
              .mapToInt(RunLog.Run::taskId).filter(t -> t < mine).distinct().count();
          Thread.sleep(10);
          if (attempt <= in[0]) {
            throw new IllegalStateException("planned failure of attempt " + attempt + " of " + in[0]);
          }
          return flakyValue(in[1]);
        })
        .build();
  }

  private static long sequence(long[] in, io.duraflow.api.TaskOrchestrationContext ctx) {
    long acc = in[1];
    for (int i = 0; i < in[0]; i++) {
      acc = ctx.callActivity("ChaosStep", new long[] {acc, i}, Long.class).await();
    }
    return acc;
  }

  private static long fanOut(long[] in, io.duraflow.api.TaskOrchestrationContext ctx) {
    List<Task<Long>> tasks = new ArrayList<>();
    for (int i = 0; i < in[0]; i++) {
      tasks.add(ctx.callActivity("ChaosSquare", in[1] + i, Long.class));
    }
    long sum = 0;
    for (long v : ctx.allOf(tasks).await()) {
      sum += v;
    }
    return sum;
  }

  private static void record(RunLog log, String instanceId, int taskId, String name, String input) {
    if (log == null) {
      throw new IllegalStateException("activities run only in worker processes with a run log");
    }
    log.record(instanceId, taskId, name, input);
  }
}

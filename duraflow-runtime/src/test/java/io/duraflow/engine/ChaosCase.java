package io.duraflow.engine;

import static io.duraflow.engine.ChaosWorkload.flakyValue;
import static io.duraflow.engine.ChaosWorkload.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One instance of the chaos workload, drawn from the seed, with what the test expects of it: its output
 * (JSON text, computed here from the input by plain arithmetic, never read from the engine), how many
 * activity calls it makes, how many sub-orchestrations it starts, and the events the test raises to it.
 *
 * @param id the instance id (given by the test, so a start retried after a cut is idempotent)
 * @param orchestration the orchestration's name in {@link ChaosWorkload}
 * @param input the input, a {@code long[]} or {@code long[][]}
 * @param expectedOutput the output's JSON text
 * @param activityCalls activity calls it and its children make (attempts of a retry count one each)
 * @param children the sub-orchestrations it starts
 * @param events the payloads of the {@code signal} events to raise, in order
 * @param eventDelaysMillis when to raise each event, in milliseconds after the start, ascending
 */
record ChaosCase(String id, String orchestration, Object input, String expectedOutput, int activityCalls,
    int children, List<Long> events, List<Long> eventDelaysMillis) {

  /** The largest fan-out a case makes, on its own or as a child: it bounds how many results a kill can lose. */
  static final int MAX_WIDTH = 8;

  /** The input as text, for messages. */
  String inputText() {
    return input instanceof long[][] rows ? java.util.Arrays.deepToString(rows) : java.util.Arrays.toString((long[]) input);
  }

  /** {@code count} cases drawn from {@code random}; about {@code childRatio} sub-orchestrations per case. */
  static List<ChaosCase> draw(Random random, int count, double childRatio, long eventSpreadMillis) {
    List<ChaosCase> cases = new ArrayList<>();
    // Parents carry 2-4 children each (3 on average), so this share of parents gives ~childRatio children per case.
    double parentShare = childRatio / 3.0;
    for (int n = 0; n < count; n++) {
      String id = String.format(Locale.ROOT, "chaos-%04d", n);
      double pick = random.nextDouble();
      if (pick < parentShare) {
        cases.add(parent(id, random));
      } else {
        int kind = random.nextInt(6);
        cases.add(switch (kind) {
          case 0 -> sequence(id, random);
          case 1 -> fanOut(id, random);
          case 2 -> timers(id, random);
          case 3 -> events(id, random, eventSpreadMillis);
          case 4 -> retry(id, random);
          default -> loop(id, random);
        });
      }
    }
    return cases;
  }

  private static ChaosCase simple(String id, String name, Object input, String output, int calls) {
    return new ChaosCase(id, name, input, output, calls, 0, List.of(), List.of());
  }

  static long sequenceOutput(long n, long start) {
    long acc = start;
    for (int i = 0; i < n; i++) {
      acc = step(acc, i);
    }
    return acc;
  }

  static long fanOutOutput(long width, long base) {
    long sum = 0;
    for (long i = 0; i < width; i++) {
      sum += (base + i) * (base + i);
    }
    return sum;
  }

  private static ChaosCase sequence(String id, Random r) {
    long n = 3 + r.nextInt(6);
    long start = r.nextInt(1000);
    return simple(id, "ChaosSequence", new long[] {n, start}, Long.toString(sequenceOutput(n, start)), (int) n);
  }

  private static ChaosCase fanOut(String id, Random r) {
    long width = 3 + r.nextInt(MAX_WIDTH - 2);
    long base = r.nextInt(10_000);
    return simple(id, "ChaosFanOut", new long[] {width, base}, Long.toString(fanOutOutput(width, base)), (int) width);
  }

  private static ChaosCase timers(String id, Random r) {
    int count = 1 + r.nextInt(3);
    long[] in = new long[count + 1];
    in[0] = r.nextInt(1000);
    long acc = in[0];
    for (int k = 1; k <= count; k++) {
      in[k] = 100 + r.nextInt(500);
      acc = step(acc, k);
    }
    return simple(id, "ChaosTimers", in, Long.toString(acc), count);
  }

  private static ChaosCase events(String id, Random r, long spreadMillis) {
    int count = 1 + r.nextInt(4);
    long start = r.nextInt(1000);
    List<Long> payloads = new ArrayList<>();
    List<Long> delays = new ArrayList<>();
    long acc = start;
    for (int k = 0; k < count; k++) {
      long v = r.nextInt(100);
      payloads.add(v);
      delays.add((long) r.nextInt((int) spreadMillis));
      acc = step(acc, v);
    }
    delays.sort(null); // raised in order, so arrival order is payload order
    return new ChaosCase(id, "ChaosEvents", new long[] {count, start}, Long.toString(acc), count, 0, payloads, delays);
  }

  private static ChaosCase parent(String id, Random r) {
    int count = 2 + r.nextInt(3);
    long[][] in = new long[count + 1][];
    in[0] = new long[] {r.nextInt(1000)};
    long sum = in[0][0];
    int calls = 1;
    for (int k = 1; k <= count; k++) {
      if (r.nextBoolean()) {
        long n = 2 + r.nextInt(4);
        long start = r.nextInt(1000);
        in[k] = new long[] {0, n, start};
        sum += sequenceOutput(n, start);
        calls += (int) n;
      } else {
        long width = 2 + r.nextInt(MAX_WIDTH - 1);
        long base = r.nextInt(10_000);
        in[k] = new long[] {1, width, base};
        sum += fanOutOutput(width, base);
        calls += (int) width;
      }
    }
    return new ChaosCase(id, "ChaosParent", in, Long.toString(step(sum, count)), calls, count, List.of(), List.of());
  }

  private static ChaosCase retry(String id, Random r) {
    int failures = r.nextInt(4); // 0..3
    int maxAttempts = 2 + r.nextInt(3); // 2..4: some calls run out of attempts
    long value = r.nextInt(1000);
    String output = failures < maxAttempts ? "\"ok:" + flakyValue(value) + "\"" : "\"gave-up\"";
    return simple(id, "ChaosRetry", new long[] {failures, maxAttempts, value}, output, Math.min(failures + 1, maxAttempts));
  }

  private static ChaosCase loop(String id, Random r) {
    long iterations = 2 + r.nextInt(5);
    long acc = r.nextInt(1000);
    long[] in = {0, iterations - 1, acc};
    for (int i = 0; i < iterations; i++) {
      acc = step(acc, i);
    }
    return simple(id, "ChaosLoop", in, Long.toString(acc), (int) iterations);
  }
}

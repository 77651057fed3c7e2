package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rewrites on small TFJS graphs built here, run by TensorFlow and checked against arithmetic done in
 * Java: a 3x3 depthwise convolution of a 4x4x2 input (SAME padding) with bias and activation.
 */
class TfjsGraphRewritesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int H = 4;
  private static final int W = 4;
  private static final int C = 2;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"None", "Relu", "Prelu"})
  void fusedDepthwise_isRewrittenToStandardOps_withTheSameResults(String activation) throws Exception {
    Random r = new Random(3);
    float[] input = random(r, 2 * H * W * C); // a batch of two
    float[] filter = random(r, 3 * 3 * C);
    float[] bias = random(r, C);
    float[] alpha = {0.25f, 0.5f};
    Model m = new Model();
    m.placeholder("input", -1, H, W, C);
    m.constant("filter", filter, 3, 3, C, 1);
    m.constant("bias", bias, C);
    List<String> inputs = List.of("input", "filter", "bias");
    if (activation.equals("Prelu")) {
      m.constant("alpha", alpha, C);
      inputs = List.of("input", "filter", "bias", "alpha");
    }
    ObjectNode node = m.node("out", "FusedDepthwiseConv2dNative", inputs);
    attrs(node).set("fused_ops", list(activation.equals("None") ? List.of("BiasAdd") : List.of("BiasAdd", activation)));
    attrs(node).set("strides", ints(1, 1, 1, 1));
    attrs(node).set("dilations", ints(1, 1, 1, 1));
    attrs(node).putObject("padding").put("s", b64("SAME"));
    attrs(node).putObject("data_format").put("s", b64("NHWC"));

    try (TfjsGraphModel model = m.load()) {
      float[] out = model.run(input, new long[] {2, H, W, C}, "out")[0];
      float[] expected = depthwise(input, filter, bias, activation, alpha);
      assertThat(out).hasSameSizeAs(expected);
      for (int i = 0; i < out.length; i++) {
        assertThat(out[i]).as("value %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
      // The activation matters: some pre-activation values are negative (Relu clips them, Prelu scales them).
      boolean negative = false;
      for (float v : depthwise(input, filter, bias, "None", alpha)) {
        negative |= v < 0;
      }
      assertThat(negative).isTrue();
    }
  }

  @Test
  void fusedDepthwise_withAnUnknownActivation_isRefusedWithTheNodeName() {
    Model m = new Model();
    m.placeholder("input", -1, H, W, C);
    m.constant("filter", new float[3 * 3 * C], 3, 3, C, 1);
    m.constant("bias", new float[C], C);
    attrs(m.node("odd", "FusedDepthwiseConv2dNative", List.of("input", "filter", "bias")))
        .set("fused_ops", list(List.of("BiasAdd", "Sigmoid")));
    assertThatThrownBy(m::load).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("odd").hasMessageContaining("Sigmoid");
  }

  @Test
  void unpinBatch_reshapeToOneRow_takesABatchAndKeepsItemsApart() throws Exception {
    // input [1, 2, 2, 1] -> Reshape [1, 4] -> Sum over axis 1: one sum per item once the batch is free.
    Model m = pinnedSum(1, 4);
    try (TfjsGraphModel model = m.load()) {
      assertThat(model.batchFree()).isTrue();
      float[] out = model.run(new float[] {1, 2, 3, 4, 10, 20, 30, 40, -1, -1, -1, -1}, new long[] {3, 2, 2, 1}, "sum")[0];
      assertThat(out).containsExactly(10, 100, -4);
      float[][][] split = model.runBatch(List.of(new float[] {1, 1, 1, 1}, new float[] {2, 2, 2, 2}), new long[] {2, 2, 1}, "sum");
      assertThat(split[0][0]).containsExactly(4);
      assertThat(split[1][0]).containsExactly(8);
    }
  }

  @Test
  void unpinBatch_reshapeWithItsOwnFreeDimension_staysPinnedAndRefusesABatch() throws Exception {
    Model m = pinnedSum(1, -1); // [1, -1] would need a second -1 for the batch: left pinned
    try (TfjsGraphModel model = m.load()) {
      assertThat(model.batchFree()).isFalse();
      assertThat(model.run(new float[] {1, 2, 3, 4}, new long[] {1, 2, 2, 1}, "sum")[0]).containsExactly(10);
      assertThatThrownBy(() -> model.run(new float[8], new long[] {2, 2, 2, 1}, "sum"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one input per run");
    }
  }

  private static Model pinnedSum(int... shape) {
    Model m = new Model();
    m.placeholder("input", 1, 2, 2, 1);
    m.intConstant("shape", shape);
    attrs(m.node("flat", "Reshape", List.of("input", "shape"))).putObject("Tshape").put("type", "DT_INT32");
    m.intConstant("axis", 1);
    ObjectNode sum = m.node("sum", "Sum", List.of("flat", "axis"));
    attrs(sum).putObject("Tidx").put("type", "DT_INT32");
    attrs(sum).putObject("keep_dims").put("b", false);
    return m;
  }

  /** NHWC depthwise 3x3, stride 1, SAME (zero) padding, channel multiplier 1, then bias and activation. */
  private static float[] depthwise(float[] in, float[] filter, float[] bias, String activation, float[] alpha) {
    int n = in.length / (H * W * C);
    float[] out = new float[in.length];
    for (int b = 0; b < n; b++) {
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          for (int c = 0; c < C; c++) {
            double v = bias[c];
            for (int dy = 0; dy < 3; dy++) {
              for (int dx = 0; dx < 3; dx++) {
                int sy = y + dy - 1;
                int sx = x + dx - 1;
                if (sy >= 0 && sy < H && sx >= 0 && sx < W) {
                  v += in[((b * H + sy) * W + sx) * C + c] * filter[(dy * 3 + dx) * C + c];
                }
              }
            }
            if (activation.equals("Relu")) {
              v = Math.max(0, v);
            } else if (activation.equals("Prelu") && v < 0) {
              v *= alpha[c];
            }
            out[((b * H + y) * W + x) * C + c] = (float) v;
          }
        }
      }
    }
    return out;
  }

  private static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian());
    }
    return v;
  }

  private static ObjectNode attrs(ObjectNode node) {
    return node.with("attr");
  }

  private static ObjectNode list(List<String> values) {
    ObjectNode v = JSON.createObjectNode();
    ArrayNode s = v.putObject("list").putArray("s");
    values.forEach(x -> s.add(b64(x)));
    return v;
  }

  private static ObjectNode ints(long... values) {
    ObjectNode v = JSON.createObjectNode();
    ArrayNode i = v.putObject("list").putArray("i");
    for (long x : values) {
      i.add(String.valueOf(x));
    }
    return v;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A TFJS model.json (topology and weights manifest) with its weight bytes, as the converter writes them. */
  private static final class Model {
    private final ObjectNode json = JSON.createObjectNode();
    private final ArrayNode nodes = json.putObject("modelTopology").putArray("node");
    private final ArrayNode weights = json.putArray("weightsManifest").addObject().putArray("weights");
    private final ByteArrayOutputStream bin = new ByteArrayOutputStream();

    void placeholder(String name, long... shape) {
      ObjectNode n = node(name, "Placeholder", List.of());
      attrs(n).putObject("dtype").put("type", "DT_FLOAT");
      ArrayNode dims = attrs(n).putObject("shape").putObject("shape").putArray("dim");
      for (long d : shape) {
        dims.addObject().put("size", String.valueOf(d));
      }
    }

    /** A Const whose value, like every TFJS weight, lives in the weights file. */
    void constant(String name, float[] values, int... shape) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values);
      weight(name, "float32", b.array(), shape);
    }

    void intConstant(String name, int... values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asIntBuffer().put(values);
      weight(name, "int32", b.array(), values.length == 1 ? new int[0] : new int[] {values.length});
    }

    private void weight(String name, String dtype, byte[] bytes, int... shape) {
      node(name, "Const", List.of());
      ObjectNode w = weights.addObject().put("name", name).put("dtype", dtype);
      ArrayNode s = w.putArray("shape");
      for (int d : shape) {
        s.add(d);
      }
      bin.writeBytes(bytes);
    }

    ObjectNode node(String name, String op, List<String> inputs) {
      ObjectNode n = nodes.addObject().put("name", name).put("op", op);
      inputs.forEach(n.putArray("input")::add);
      if (!op.equals("Const") && !op.equals("Placeholder")) {
        attrs(n).putObject("T").put("type", "DT_FLOAT");
      }
      return n;
    }

    TfjsGraphModel load() throws Exception {
      return TfjsGraphModel.load("test", json, bin.toByteArray(), 1, false);
    }
  }
}

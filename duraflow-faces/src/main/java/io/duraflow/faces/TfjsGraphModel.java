package io.duraflow.faces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * A TensorFlow.js graph model (model.json + weight shards) running on TensorFlow Java.
 *
 * <p>Design note. A TFJS graph model's {@code modelTopology} is a TensorFlow {@code GraphDef} in
 * protobuf's JSON form whose Const nodes lost their values: those live, in {@code weightsManifest}
 * order, in the concatenated {@code .bin} shards. Loading therefore means: parse the GraphDef, give each
 * Const named in the manifest its tensor (dequantised to float32 where the converter quantised it),
 * clear the {@code device} fields (they name the converter's machine), rewrite what TF cannot import or
 * what pins the batch to 1 ({@link TfjsGraphRewrites}), and import the result.
 *
 * <p>Thread safety: a TF {@link Session} may be run from many threads at once, so one instance is
 * shared by every activity thread. {@link #close()} must not race with {@link #run}.
 */
public final class TfjsGraphModel implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Graph graph;
  private final Session session;
  private final String inputName;
  private final boolean batchFree;

  private TfjsGraphModel(String name, Graph graph, Session session, String inputName, boolean batchFree) {
    this.name = name;
    this.graph = graph;
    this.session = session;
    this.inputName = inputName;
    this.batchFree = batchFree;
  }

  /**
   * Loads {@code <resourceDir>/<baseName>.json} and its weight shards from the class path.
   *
   * @param intraOpThreads threads TF may use inside one op; 0 lets TF choose (one per core)
   */
  public static TfjsGraphModel loadResource(String resourceDir, String baseName, int intraOpThreads) {
    return loadResource(resourceDir, baseName, intraOpThreads, false);
  }

  /**
   * Like {@link #loadResource(String, String, int)}; with {@code anyInputSize} a fully convolutional
   * detector takes inputs of any height and width ({@link TfjsGraphRewrites#freeInputSize}).
   */
  public static TfjsGraphModel loadResource(String resourceDir, String baseName, int intraOpThreads,
      boolean anyInputSize) {
    String jsonPath = resourceDir + "/" + baseName + ".json";
    try {
      JsonNode model = JSON.readTree(readResource(jsonPath));
      List<byte[]> shards = new ArrayList<>();
      for (JsonNode group : model.path("weightsManifest")) {
        for (JsonNode path : group.path("paths")) {
          shards.add(readResource(resourceDir + "/" + path.asText()));
        }
      }
      return load(baseName, model, concat(shards), intraOpThreads, anyInputSize);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load TFJS model " + jsonPath + " from the class path", e);
    }
  }

  /** Builds the TF graph of {@code model} (the parsed model.json) with its weights {@code weights}. */
  static TfjsGraphModel load(String name, JsonNode model, byte[] weights, int intraOpThreads,
      boolean anyInputSize) throws InvalidProtocolBufferException {
    GraphDef.Builder rewritten = toGraphDef(model, weights);
    boolean batchFree = TfjsGraphRewrites.apply(name, rewritten, anyInputSize);
    GraphDef graphDef = rewritten.build();
    String input = null;
    for (NodeDef node : graphDef.getNodeList()) {
      if (node.getOp().equals("Placeholder")) {
        input = node.getName();
        break;
      }
    }
    Objects.requireNonNull(input, () -> "model " + name + " has no Placeholder input");
    Graph graph = new Graph();
    try {
      graph.importGraphDef(graphDef);
      ConfigProto.Builder config = ConfigProto.newBuilder();
      if (intraOpThreads > 0) {
        config.setIntraOpParallelismThreads(intraOpThreads).setInterOpParallelismThreads(1);
      }
      return new TfjsGraphModel(name, graph, new Session(graph, config.build()), input, batchFree);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** The GraphDef of a TFJS graph model with every manifest weight filled in, before any rewrite. */
  static GraphDef.Builder toGraphDef(JsonNode model, byte[] weights) throws InvalidProtocolBufferException {
    GraphDef.Builder graph = GraphDef.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(model.path("modelTopology").toString(), graph);

    Map<String, TensorProto> values = new HashMap<>();
    ByteBuffer bin = ByteBuffer.wrap(weights).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode group : model.path("weightsManifest")) {
      for (JsonNode w : group.path("weights")) {
        values.put(w.path("name").asText(), readWeight(w, bin));
      }
    }
    if (bin.hasRemaining()) {
      throw new IllegalArgumentException(bin.remaining() + " bytes of weights not described by the manifest");
    }

    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      node.clearDevice();
      TensorProto value = values.remove(node.getName());
      if (value != null) {
        node.putAttr("value", AttrValue.newBuilder().setTensor(value).build());
        node.putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build());
      }
    }
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("weights without a Const node: " + values.keySet());
    }
    return graph;
  }

  private static TensorProto readWeight(JsonNode w, ByteBuffer bin) {
    long count = 1;
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (JsonNode d : w.path("shape")) {
      count *= d.asLong();
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d.asLong()));
    }
    String dtype = w.path("dtype").asText();
    JsonNode quant = w.path("quantization");
    ByteBuffer out;
    DataType type;
    if (!quant.isMissingNode()) {
      // Quantised weights are stored as uint8/uint16 (affine: v * scale + min) or float16.
      String stored = quant.path("dtype").asText();
      out = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (long i = 0; i < count; i++) {
        float v;
        if (stored.equals("float16")) {
          v = halfToFloat(bin.getShort());
        } else if (stored.equals("uint8")) {
          v = (bin.get() & 0xff) * (float) quant.path("scale").asDouble() + (float) quant.path("min").asDouble();
        } else if (stored.equals("uint16")) {
          v = (bin.getShort() & 0xffff) * (float) quant.path("scale").asDouble() + (float) quant.path("min").asDouble();
        } else {
          throw new IllegalArgumentException("unsupported quantisation " + stored + " of " + w.path("name"));
        }
        if (dtype.equals("int32")) {
          out.putInt(Math.round(v));
        } else {
          out.putFloat(v);
        }
      }
      type = dtype.equals("int32") ? DataType.DT_INT32 : DataType.DT_FLOAT;
    } else {
      int size;
      if (dtype.equals("float32")) {
        size = 4;
        type = DataType.DT_FLOAT;
      } else if (dtype.equals("int32")) {
        size = 4;
        type = DataType.DT_INT32;
      } else if (dtype.equals("bool")) {
        size = 1;
        type = DataType.DT_BOOL;
      } else {
        throw new IllegalArgumentException("unsupported weight dtype " + dtype + " of " + w.path("name"));
      }
      byte[] bytes = new byte[(int) count * size];
      bin.get(bytes);
      out = ByteBuffer.wrap(bytes);
    }
    out.rewind();
    return TensorProto.newBuilder()
        .setDtype(type)
        .setTensorShape(shape)
        .setTensorContent(ByteString.copyFrom(out))
        .build();
  }

  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0) {
      return (sign == 0 ? 1 : -1) * mant * 0x1p-24f;
    }
    if (exp == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /**
   * Runs the model on a float32 NHWC input and returns each requested output, flattened.
   *
   * @param input the input values in row-major order
   * @param shape the input shape, e.g. {1, 256, 256, 3}; a batch above 1 only where {@link #batchFree}
   * @param outputs names of the output ops (output 0 of each)
   */
  public float[][] run(float[] input, long[] shape, String... outputs) {
    if (shape.length > 0 && shape[0] != 1 && !batchFree) {
      // TF would not refuse: a Reshape pinned to batch 1 would silently mix the inputs' values.
      throw new IllegalArgumentException("model " + name + " takes one input per run, not " + shape[0]);
    }
    try (TFloat32 in = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(input, true, false))) {
      Session.Runner runner = session.runner().feed(inputName, in);
      for (String output : outputs) {
        runner.fetch(output);
      }
      try (Result result = runner.run()) {
        float[][] values = new float[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
          Tensor t = result.get(i);
          TFloat32 f = (TFloat32) t;
          float[] v = new float[(int) f.size()];
          f.copyTo(DataBuffers.of(v, false, false));
          values[i] = v;
        }
        return values;
      }
    }
  }

  /**
   * Runs {@code inputs} as one batch ({@code [N, itemShape...]}) in one model call and splits each output
   * by input: {@code result[i][k]} is output {@code k} of input {@code i}, the same values (to float
   * rounding) as a run of input {@code i} alone, at a lower cost per input than N runs.
   *
   * @param itemShape the shape of one input without the batch, e.g. {256, 256, 3}
   * @throws IllegalArgumentException if an input's size does not match, or the graph is pinned to batch 1
   */
  public float[][][] runBatch(List<float[]> inputs, long[] itemShape, String... outputs) {
    int n = inputs.size();
    if (n == 0) {
      return new float[0][][];
    }
    long itemSize = 1;
    for (long d : itemShape) {
      itemSize *= d;
    }
    float[] batch = new float[Math.toIntExact(itemSize * n)];
    for (int i = 0; i < n; i++) {
      if (inputs.get(i).length != itemSize) {
        throw new IllegalArgumentException("input " + i + " of model " + name + " has " + inputs.get(i).length
            + " values, not " + itemSize);
      }
      System.arraycopy(inputs.get(i), 0, batch, (int) (i * itemSize), (int) itemSize);
    }
    long[] shape = new long[itemShape.length + 1];
    shape[0] = n;
    System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
    float[][] out = run(batch, shape, outputs);
    float[][][] split = new float[n][outputs.length][];
    for (int k = 0; k < outputs.length; k++) {
      int per = out[k].length / n; // every output leads with the batch dimension
      for (int i = 0; i < n; i++) {
        split[i][k] = Arrays.copyOfRange(out[k], i * per, (i + 1) * per);
      }
    }
    return split;
  }

  /** Whether {@link #run} takes a batch above 1 (the graph's batch is free or was unpinned). */
  public boolean batchFree() {
    return batchFree;
  }

  public String name() {
    return name;
  }

  private static byte[] readResource(String path) throws IOException {
    try (InputStream in = TfjsGraphModel.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("resource " + path + " is missing: the build fetches it (scripts/fetch-npm.sh)");
      }
      return in.readAllBytes();
    }
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}

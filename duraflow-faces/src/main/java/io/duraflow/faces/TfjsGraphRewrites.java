package io.duraflow.faces;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Rewrites a TFJS graph model's GraphDef (weights already filled in) into one that TensorFlow's C++
 * runtime imports and runs with the same results. Each rewrite keeps the names of the nodes other nodes
 * read, so the model's outputs keep their names.
 *
 * <ul>
 *   <li>{@link #repairFusedArgs}: the converter drops {@code TArgs} (and sometimes {@code num_args}) of
 *       TF's own fused ops, which import then rejects.
 *   <li>{@link #splitFusedDepthwise}: {@code FusedDepthwiseConv2dNative} is a TFJS-only op (TFJS fuses
 *       a depthwise convolution with its bias and activation; TF has no such op, and its
 *       {@code _FusedDepthwiseConv2dNative} is an internal Grappler op with no activation argument
 *       list), found in MediaPipe's full-range face detector. It becomes the standard
 *       {@code DepthwiseConv2dNative}, {@code BiasAdd} and activation.
 *   <li>{@link #freeInputSize}: the 256-px BlazeFace takes any height and width, for whole-image runs.
 *   <li>{@link #unpinBatch}: graphs converted with a fixed batch of 1 (the 256-px BlazeFace: input
 *       {@code [1,256,256,3]}, Reshape shapes {@code [1,512,1]}) get batch -1 so one run can take many
 *       inputs.
 * </ul>
 */
final class TfjsGraphRewrites {
  private TfjsGraphRewrites() {}

  /**
   * Applies every rewrite; {@code name} only labels errors. With {@code anyInputSize} the input's height
   * and width are freed ({@link #freeInputSize}) and the batch stays 1, otherwise the batch is freed.
   *
   * @return whether the batch is free
   */
  static boolean apply(String name, GraphDef.Builder graph, boolean anyInputSize) {
    repairFusedArgs(graph);
    splitFusedDepthwise(name, graph);
    if (anyInputSize) {
      freeInputSize(graph);
      return false;
    }
    return unpinBatch(graph);
  }

  /**
   * Lets a fully convolutional detector take an input of any height and width. BlazeFace is convolutions
   * and pooling up to its heads; only the input Placeholder's declared shape ({@code 1x256x256x3}) and the
   * head Reshapes' constant shapes ({@code [1, 512, 16]}: the anchor count of a 256-px input) tie it to one
   * size. The Placeholder's height and width become -1 and every Reshape shape Const {@code [1, n, k]}
   * becomes {@code [1, -1, k]} (a Reshape allows one -1, so the batch stays 1). Then one run over a whole
   * image, scaled so that the smallest face to find is about 20 px, gives what 256-px tiles would, without
   * tile overlap or faces cut at tile edges ({@link BlazeFaceDetector}).
   */
  static void freeInputSize(GraphDef.Builder graph) {
    Map<String, NodeDef.Builder> byName = new HashMap<>();
    graph.getNodeBuilderList().forEach(n -> byName.put(n.getName(), n));
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      if (node.getOp().equals("Placeholder") && node.containsAttr("shape")
          && node.getAttrOrThrow("shape").getShape().getDimCount() == 4) {
        TensorShapeProto.Builder free = node.getAttrOrThrow("shape").getShape().toBuilder();
        free.getDimBuilder(1).setSize(-1);
        free.getDimBuilder(2).setSize(-1);
        node.putAttr("shape", AttrValue.newBuilder().setShape(free).build());
      } else if (node.getOp().equals("Reshape") && node.getInputCount() >= 2) {
        NodeDef.Builder c = byName.get(node.getInput(1));
        if (c != null && c.getOp().equals("Const")) {
          int[] dims = intValues(c.getAttrOrThrow("value").getTensor());
          if (dims.length == 3 && dims[0] == 1) {
            dims[1] = -1;
            c.putAttr("value", AttrValue.newBuilder().setTensor(intTensor(dims)).build());
          }
        }
      }
    }
  }

  /** Adds the {@code num_args} and {@code TArgs} that the converter dropped from TF's fused ops. */
  static void repairFusedArgs(GraphDef.Builder graph) {
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      String op = node.getOp();
      if (op.equals("_FusedConv2D") || op.equals("_FusedDepthwiseConv2dNative") || op.equals("_FusedMatMul")) {
        // The extra inputs after input and filter (weights) are the fused ops' arguments.
        int numArgs = dataInputs(node).size() - 2;
        DataType t = type(node);
        AttrValue.ListValue.Builder targs = AttrValue.ListValue.newBuilder();
        for (int i = 0; i < numArgs; i++) {
          targs.addType(t);
        }
        node.putAttr("num_args", AttrValue.newBuilder().setI(numArgs).build());
        node.putAttr("TArgs", AttrValue.newBuilder().setList(targs).build());
      }
    }
  }

  /**
   * Replaces each TFJS {@code FusedDepthwiseConv2dNative} (inputs: x, filter, bias[, prelu alpha];
   * {@code fused_ops} {@code [BiasAdd]} or {@code [BiasAdd, activation]}) by DepthwiseConv2dNative ->
   * BiasAdd -> activation, the last node taking the fused node's name. Prelu, which TF has no op for,
   * becomes {@code Relu(x) - alpha * Relu(-x)}.
   *
   * @throws IllegalArgumentException for fused ops this rewrite does not know
   */
  static void splitFusedDepthwise(String name, GraphDef.Builder graph) {
    List<NodeDef> added = new ArrayList<>();
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      if (!node.getOp().equals("FusedDepthwiseConv2dNative")) {
        continue;
      }
      List<String> fused = new ArrayList<>();
      node.getAttrOrDefault("fused_ops", AttrValue.getDefaultInstance()).getList().getSList()
          .forEach(s -> fused.add(s.toStringUtf8()));
      List<String> in = dataInputs(node);
      String activation = fused.size() == 2 ? fused.get(1) : null;
      boolean known = !fused.isEmpty() && fused.size() <= 2 && fused.get(0).equals("BiasAdd")
          && (activation == null || List.of("Relu", "Relu6", "Elu", "Prelu").contains(activation))
          && in.size() == ("Prelu".equals(activation) ? 4 : 3);
      if (!known) {
        throw new IllegalArgumentException("model " + name + ": cannot rewrite node " + node.getName()
            + " (FusedDepthwiseConv2dNative with fused ops " + fused + " and " + in.size() + " inputs)");
      }
      String out = node.getName();
      AttrValue t = AttrValue.newBuilder().setType(type(node)).build();
      AttrValue format = node.getAttrOrDefault("data_format", AttrValue.newBuilder()
          .setS(ByteString.copyFromUtf8("NHWC")).build());

      NodeDef.Builder conv = NodeDef.newBuilder().setName(out + "/conv").setOp("DepthwiseConv2dNative")
          .addInput(in.get(0)).addInput(in.get(1)).putAttr("T", t);
      for (String attr : List.of("strides", "padding", "dilations", "data_format", "explicit_paddings")) {
        if (node.containsAttr(attr)) {
          conv.putAttr(attr, node.getAttrOrThrow(attr));
        }
      }
      node.getInputList().stream().filter(i -> i.startsWith("^")).forEach(conv::addInput);
      added.add(conv.build());
      String biasName = activation == null ? out : out + "/bias";
      added.add(NodeDef.newBuilder().setName(biasName).setOp("BiasAdd").addInput(conv.getName())
          .addInput(in.get(2)).putAttr("T", t).putAttr("data_format", format).build());
      if ("Prelu".equals(activation)) {
        added.addAll(prelu(out, biasName, in.get(3), t));
      } else if (activation != null) {
        added.add(NodeDef.newBuilder().setName(out).setOp(activation).addInput(biasName).putAttr("T", t).build());
      }
    }
    for (int i = graph.getNodeCount() - 1; i >= 0; i--) {
      if (graph.getNode(i).getOp().equals("FusedDepthwiseConv2dNative")) {
        graph.removeNode(i);
      }
    }
    graph.addAllNode(added);
  }

  /** {@code out = Relu(x) - alpha * Relu(-x)}, i.e. x where x > 0 and alpha * x elsewhere. */
  private static List<NodeDef> prelu(String out, String x, String alpha, AttrValue t) {
    NodeDef pos = unary(out + "/pos", "Relu", x, t);
    NodeDef neg = unary(out + "/neg", "Neg", x, t);
    NodeDef negRelu = unary(out + "/neg_relu", "Relu", neg.getName(), t);
    NodeDef scaled = NodeDef.newBuilder().setName(out + "/scaled").setOp("Mul").addInput(alpha)
        .addInput(negRelu.getName()).putAttr("T", t).build();
    NodeDef sub = NodeDef.newBuilder().setName(out).setOp("Sub").addInput(pos.getName())
        .addInput(scaled.getName()).putAttr("T", t).build();
    return List.of(pos, neg, negRelu, scaled, sub);
  }

  private static NodeDef unary(String name, String op, String x, AttrValue t) {
    return NodeDef.newBuilder().setName(name).setOp(op).addInput(x).putAttr("T", t).build();
  }

  /**
   * Frees a batch pinned to 1: the Placeholder's leading dimension and every int32 Const shape of a
   * Reshape that starts with 1 become -1. Graphs whose Placeholder already has a free batch are left as
   * they are.
   *
   * @return whether the graph now takes any batch: false when the input is pinned to 1 and a Reshape
   *     shape starting with 1 already has a -1 (two -1 are not allowed, so the batch stays pinned)
   */
  static boolean unpinBatch(GraphDef.Builder graph) {
    NodeDef.Builder input = null;
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      if (node.getOp().equals("Placeholder")) {
        input = node;
        break;
      }
    }
    if (input == null) {
      return false;
    }
    TensorShapeProto shape = input.getAttrOrDefault("shape", AttrValue.getDefaultInstance()).getShape();
    if (shape.getDimCount() == 0 || shape.getDim(0).getSize() != 1) {
      return true; // free (-1) already, or unknown rank: nothing pins it
    }
    Map<String, NodeDef.Builder> byName = new HashMap<>();
    graph.getNodeBuilderList().forEach(n -> byName.put(n.getName(), n));
    List<NodeDef.Builder> shapeConsts = new ArrayList<>();
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      if (!node.getOp().equals("Reshape") || node.getInputCount() < 2) {
        continue;
      }
      NodeDef.Builder c = byName.get(node.getInput(1));
      if (c == null || !c.getOp().equals("Const")) {
        continue; // computed from the input's shape at run time: follows the batch by itself
      }
      int[] dims = intValues(c.getAttrOrThrow("value").getTensor());
      if (dims.length > 0 && dims[0] == 1) {
        for (int d : dims) {
          if (d == -1) {
            return false;
          }
        }
        shapeConsts.add(c);
      }
    }
    for (NodeDef.Builder c : shapeConsts) {
      int[] dims = intValues(c.getAttrOrThrow("value").getTensor());
      dims[0] = -1;
      c.putAttr("value", AttrValue.newBuilder().setTensor(intTensor(dims)).build());
    }
    input.putAttr("shape", AttrValue.newBuilder().setShape(shape.toBuilder()
        .setDim(0, TensorShapeProto.Dim.newBuilder().setSize(-1))).build());
    return true;
  }

  private static int[] intValues(TensorProto t) {
    if (t.getDtype() != DataType.DT_INT32) {
      return new int[0];
    }
    if (!t.getTensorContent().isEmpty()) {
      ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      int[] v = new int[b.remaining() / 4];
      b.asIntBuffer().get(v);
      return v;
    }
    return t.getIntValList().stream().mapToInt(Integer::intValue).toArray();
  }

  private static TensorProto intTensor(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(values.length)))
        .setTensorContent(ByteString.copyFrom(b.array())).build();
  }

  private static List<String> dataInputs(NodeDef.Builder node) {
    return node.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
  }

  private static DataType type(NodeDef.Builder node) {
    return node.getAttrOrDefault("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).getType();
  }
}

package io.duraflow.faces;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Lets a fully convolutional detector graph take an input of any height and width.
 *
 * <p>Why: BlazeFace is convolutions and pooling up to its heads; only the input Placeholder's declared
 * shape ({@code 1x256x256x3}) and the head Reshapes' constant shapes ({@code [1, 512, 16]}: the anchor
 * count of a 256-px input) tie it to one size. With those two freed, one run over a whole image scaled so
 * that the smallest face to find is ~20 px gives what tiles of 256 px would give, without tile overlap,
 * cut faces at tile edges or a model call per tile (see {@link BlazeFaceDetector}).
 *
 * <p>The rewrite: the Placeholder's height and width become unknown (-1), and every Reshape whose shape is
 * a 3-element int32 Const {@code [1, n, k]} gets {@code [1, -1, k]}.
 */
final class AnyInputSize {
  private AnyInputSize() {}

  static GraphDef rewrite(GraphDef graph) {
    GraphDef.Builder b = graph.toBuilder();
    java.util.Set<String> reshapeShapes = new java.util.HashSet<>();
    for (NodeDef node : b.getNodeList()) {
      if (node.getOp().equals("Reshape") && node.getInputCount() == 2) {
        reshapeShapes.add(node.getInput(1));
      }
    }
    for (NodeDef.Builder node : b.getNodeBuilderList()) {
      if (node.getOp().equals("Placeholder") && node.containsAttr("shape")) {
        TensorShapeProto shape = node.getAttrOrThrow("shape").getShape();
        if (shape.getDimCount() == 4) {
          TensorShapeProto.Builder free = shape.toBuilder();
          free.getDimBuilder(1).setSize(-1);
          free.getDimBuilder(2).setSize(-1);
          node.putAttr("shape", AttrValue.newBuilder().setShape(free).build());
        }
      } else if (node.getOp().equals("Const") && reshapeShapes.contains(node.getName())) {
        TensorProto value = node.getAttrOrThrow("value").getTensor();
        if (value.getDtype() == DataType.DT_INT32 && value.getTensorShape().getDimCount() == 1
            && value.getTensorShape().getDim(0).getSize() == 3) {
          ByteBuffer in = value.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
          int n0 = in.getInt();
          in.getInt();
          int n2 = in.getInt();
          if (n0 == 1) {
            ByteBuffer out = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(-1).putInt(n2);
            out.flip();
            node.putAttr("value", AttrValue.newBuilder()
                .setTensor(value.toBuilder().setTensorContent(com.google.protobuf.ByteString.copyFrom(out))).build());
          }
        }
      }
    }
    return b.build();
  }
}

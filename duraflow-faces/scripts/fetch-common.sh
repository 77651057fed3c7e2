# Sourced by fetch-npm.sh and fetch-deb.sh: what both do with their SRC[=NAME] arguments.

# Succeeds when every SRC[=NAME] given after DEST is already extracted into DEST (incremental builds).
all_extracted() {
  local dest="$1" spec src name
  shift
  for spec in "$@"; do
    src="${spec%%=*}"; name="${spec#*=}"; [ "$spec" = "$src" ] && name="$(basename "$src")"
    [ -s "$dest/$name" ] || return 1
  done
}

# Copies each SRC[=NAME] given after WORK and DEST from the unpacked package in WORK to DEST/NAME.
copy_extracted() {
  local work="$1" dest="$2" spec src name
  shift 2
  for spec in "$@"; do
    src="${spec%%=*}"; name="${spec#*=}"; [ "$spec" = "$src" ] && name="$(basename "$src")"
    cp "$work/$src" "$dest/$name"
  done
}

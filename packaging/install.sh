#!/usr/bin/env bash
# Install Albumwise for this user on Debian/Ubuntu, then open the window on FOLDER.
#   - exiftool and the few system libraries Qt needs (apt, only what is missing);
#   - a virtual environment with the app: ~/.local/share/albumwise/venv (or $ALBUMWISE_VENV);
#   - the `albumwise` command in ~/.local/bin, and a menu entry with its icon.
# Run it again to update. Remove: rm -rf ~/.local/share/albumwise/venv ~/.local/bin/albumwise
#   ~/.local/share/applications/albumwise.desktop (your library and settings are kept; see docs/data-and-backups.md).
# Usage: bash packaging/install.sh [FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'albumwise install: %s\n' "$*"; }
die() { printf 'albumwise install: %s\n' "$*" >&2; exit 1; }

# 1. Python 3.11 or newer.
PY="${PYTHON:-python3}"
command -v "$PY" >/dev/null 2>&1 || die "python3 is not installed: sudo apt install python3 python3-venv"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "Python 3.11 or newer is needed, found $("$PY" --version 2>&1); set PYTHON=/path/to/python3.11"

# 2. System packages: only the missing ones, so a second run needs no sudo.
missing=()
command -v exiftool >/dev/null 2>&1 || missing+=(libimage-exiftool-perl)
"$PY" -c 'import venv, ensurepip' 2>/dev/null || missing+=("python3-venv")
if command -v dpkg >/dev/null 2>&1; then
  # Qt's window system plugin (X11/Wayland) needs these; a minimal install may lack some.
  for pkg in libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
             libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 \
             libegl1 libgl1 libfontconfig1 libdbus-1-3; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = "0" ] || SUDO="sudo"
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1; }; then
    say "installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "WARNING: please install these with your package manager: ${missing[*]}"
  fi
fi
command -v exiftool >/dev/null 2>&1 || say "WARNING: exiftool is missing: captions cannot be written into photos"

# 3. The app in its own virtual environment.
VENV="${ALBUMWISE_VENV:-$HOME/.local/share/albumwise/venv}"
say "installing the app into $VENV (a few minutes the first time)"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
"$VENV/bin/python" -m pip install -q --upgrade .
"$VENV/bin/albumwise" --version >/dev/null || die "the installed albumwise does not start"

# 4. The command and the menu entry.
BIN="$HOME/.local/bin"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$BIN" "$DATA/applications" "$DATA/metainfo"
ln -sf "$VENV/bin/albumwise" "$BIN/albumwise"
sed -e "s|^Exec=albumwise |Exec=$VENV/bin/albumwise |" -e "s|^TryExec=.*|TryExec=$VENV/bin/albumwise|" \
  resources/albumwise.desktop > "$DATA/applications/albumwise.desktop"
cp resources/albumwise.metainfo.xml "$DATA/metainfo/io.github.albumwise.Albumwise.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
  cp "resources/icons/albumwise-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/albumwise.png"
done
mkdir -p "$DATA/icons/hicolor/scalable/apps"
cp resources/icons/albumwise.svg "$DATA/icons/hicolor/scalable/apps/albumwise.svg"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true

say "installed $("$VENV/bin/albumwise" --version) as $BIN/albumwise (and in your applications menu)"
bash packaging/ensure-path.sh "$BIN"

# 5. Open the window on the folder (or, without a desktop session, index it from the command line).
if [ $# -gt 0 ]; then
  [ -d "$1" ] || die "not a folder: $1"
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    say "opening $1"
    exec "$VENV/bin/albumwise" gui "$1"
  fi
  say "no desktop session here (no DISPLAY): indexing $1 from the command line instead"
  exec "$VENV/bin/albumwise" index "$1"
fi

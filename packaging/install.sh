#!/usr/bin/env bash
# Install Photoscribe for this user on Debian/Ubuntu: exiftool (apt), a virtual environment in
# ~/.local/share/photoscribe/venv with the app, a `photoscribe` command in ~/.local/bin, and open
# the window on FOLDER if one is given.
# Usage: bash packaging/install.sh [FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
pkgs=()
command -v exiftool >/dev/null 2>&1 || pkgs+=(libimage-exiftool-perl)
python3 -c 'import venv, ensurepip' 2>/dev/null || pkgs+=(python3-venv)
# Qt's X11 platform plugin needs these on a minimal desktop install.
pkgs+=(libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1)
if command -v apt-get >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi

VENV="${PHOTOSCRIBE_VENV:-$HOME/.local/share/photoscribe/venv}"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
"$VENV/bin/python" -m pip install -q .
mkdir -p "$HOME/.local/bin"
ln -sf "$VENV/bin/photoscribe" "$HOME/.local/bin/photoscribe"
echo "Installed: $HOME/.local/bin/photoscribe"
if [ $# -gt 0 ]; then
  exec "$VENV/bin/photoscribe" gui "$1"
fi

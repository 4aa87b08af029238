#!/usr/bin/env bash
# Install everything the tests need (system packages, a virtual environment with the app and its
# test dependencies) and run the whole test suite: the window's tests (tests/ui) in a second pytest
# process, and build the manual (packaging/check-docs.sh). Extra arguments go to one pytest run instead.
# Usage: bash packaging/run-tests.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

need_apt=()
command -v exiftool >/dev/null 2>&1 || need_apt+=(libimage-exiftool-perl)
command -v exiv2 >/dev/null 2>&1 || need_apt+=(exiv2)  # second reader for the write-back tests (digiKam, darktable, GExiv2)
# Validates the .desktop file and AppStream metainfo (tests/packaging/test_desktop_files.py).
command -v desktop-file-validate >/dev/null 2>&1 || need_apt+=(desktop-file-utils)
command -v appstreamcli >/dev/null 2>&1 || need_apt+=(appstream)
# Qt (offscreen) needs these shared libraries even without a screen.
for lib in libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || need_apt+=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3)
done
if [ ${#need_apt[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $(printf '%s\n' "${need_apt[@]}" | sort -u) >/dev/null
fi

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"

export QT_QPA_PLATFORM=offscreen
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
# The whole suite: the window's tests (tests/ui) in a process of their own, so that no state an
# earlier test leaves in the process (worker pools, exiftool helpers, Qt objects, the DB owner's
# threads) can reach the one QApplication they share. Both parts always run; either failing fails.
status=0
bash packaging/check-docs.sh || status=$?  # the manual: mkdocs build --strict into a temporary folder
.venv/bin/python -m pytest --ignore=tests/ui || status=$?
.venv/bin/python -m pytest tests/ui || { rc=$?; [ "$status" -ne 0 ] || status=$rc; }
exit "$status"

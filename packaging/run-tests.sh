#!/usr/bin/env bash
# Install everything the tests need (system packages, a virtual environment with the app and its
# test dependencies) and run the whole test suite, then print how long it took. Extra arguments go
# to one pytest run instead.
# Usage: bash packaging/run-tests.sh [pytest args...]
#
# The whole suite runs in three parts, so that it uses every core and the timing tests still get a
# quiet machine:
#  1. the window's tests (tests/ui) in a pytest process of their own, started in the background;
#  2. meanwhile the rest in parallel (pytest-xdist, one worker per core; ALBUMWISE_TEST_WORKERS=N
#     chooses N), without the tests marked `speed` or `serial`;
#  3. then the tests marked `speed` (they assert how fast something is) or `serial` (they watch the
#     whole machine: every process, timing windows) one at a time, with nothing else running.
# The manual is built as well (packaging/check-docs.sh). Every part always runs; any failing fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS=0  # bash counts the seconds since this line: the wall time printed at the end

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
# pip runs only when pyproject.toml changed since the last install into this .venv (or the stamp is
# missing): an unchanged install costs a few seconds of every run otherwise.
stamp=.venv/.albumwise-test-install
want="$(sha256sum pyproject.toml | cut -d' ' -f1) $(.venv/bin/python -c 'import sys; print(sys.version)' | head -1)"
# -P: the app must import as installed, not merely from the current folder
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || ! .venv/bin/python -P -c 'import app, pytest, xdist' 2>/dev/null; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
  echo "$want" > "$stamp"
fi

export QT_QPA_PLATFORM=offscreen
# Bytecode is cached (in the ignored __pycache__ folders): with PYTHONDONTWRITEBYTECODE set, as some
# containers do, each pytest process rewrote every test module again (about 5 s) and each of the ~150
# `albumwise` commands the tests start compiled the app's modules from source.
unset PYTHONDONTWRITEBYTECODE
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi

workers="${ALBUMWISE_TEST_WORKERS:-auto}"
status=0
keep() { local rc=$1; [ "$rc" -eq 0 ] || [ "$rc" -eq 5 ] || [ "$status" -ne 0 ] || status=$rc; }  # 5: none selected

# 1. The window's tests in a process of their own (no state an earlier test leaves in a process —
#    worker pools, exiftool helpers, Qt objects, the DB owner's threads — can reach the one
#    QApplication they share). Their report is printed when they end.
ui_log="$(mktemp)"
trap 'rm -f "$ui_log"' EXIT
.venv/bin/python -m pytest -p no:xdist tests/ui -m "not bench and not speed and not serial" >"$ui_log" 2>&1 &
ui_pid=$!

bash packaging/check-docs.sh || keep $?  # the manual: mkdocs build --strict into a temporary folder

# 2. Everything else, in parallel.
rc=0
.venv/bin/python -m pytest --ignore=tests/ui -n "$workers" --dist worksteal --durations=15 \
  -m "not bench and not speed and not serial" || rc=$?
keep $rc

rc=0
wait "$ui_pid" || rc=$?
echo "== the window's tests (tests/ui), run beside the others in a process of their own"
cat "$ui_log"
keep $rc

# 3. Timing and whole-machine tests, one at a time on a quiet machine (the window's in their own process).
echo "== tests marked speed or serial, one at a time"
rc=0
.venv/bin/python -m pytest -p no:xdist --ignore=tests/ui -m "(speed or serial) and not bench" -q || rc=$?
keep $rc
if grep -rqE "mark\.(speed|serial)" tests/ui; then
  rc=0
  .venv/bin/python -m pytest -p no:xdist tests/ui -m "(speed or serial) and not bench" -q || rc=$?
  keep $rc
fi

echo "== the whole suite took $((SECONDS / 60)) min $((SECONDS % 60)) s (wall clock); exit status $status"
exit "$status"

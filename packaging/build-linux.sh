#!/usr/bin/env bash
# Build the Linux one-folder bundle (dist/albumwise/) with PyInstaller and smoke-test it:
#   --version, --help, the bundle self-test (every native library and Qt load), doctor --json, and
#   indexing a photo folder headless into a throw-away database.
# Usage: bash packaging/build-linux.sh [PHOTO_FOLDER]     (default: ../shared/corpus, the test corpus)
# Env:   PYTHON (default .venv/bin/python), EXIFTOOL_DIR (an unpacked Image-ExifTool to ship inside),
#        SKIP_BUILD=1 (only re-run the smoke test on an existing dist/albumwise).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
CORPUS="${1:-../shared/corpus}"
BUNDLE=dist/albumwise
EXE="$BUNDLE/albumwise"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  "$PY" -m pip install -q "pyinstaller>=6.10" >/dev/null
  "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
      --distpath dist --workpath build/pyinstaller packaging/albumwise.spec
fi
[ -x "$EXE" ] || { echo "build-linux: $EXE was not built" >&2; exit 1; }

# The smoke test runs in a scratch home so it never touches the user's library.
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
export ALBUMWISE_HOME="$SCRATCH/home" QT_QPA_PLATFORM=offscreen
unset ALBUMWISE_DB ALBUMWISE_RESOURCES PYTHONPATH
cd "$SCRATCH"   # nothing from the checkout can leak in through the working directory
EXE="$OLDPWD/$EXE"
CORPUS="$(cd "$OLDPWD" && realpath "$CORPUS")"
fail() { echo "build-linux: smoke test FAILED: $*" >&2; exit 1; }
has_command() { "$EXE" --help 2>/dev/null | grep -Eq "^ +$1( |$)|[{,]$1[,}]"; }

echo "== albumwise --version";   "$EXE" --version | tee "$SCRATCH/version.txt"
grep -q '^albumwise [0-9]' "$SCRATCH/version.txt" || fail "--version"
echo "== albumwise --help";      "$EXE" --help >/dev/null || fail "--help"
echo "== bundle self-test";        ALBUMWISE_BUNDLE_SELFTEST=1 "$EXE" || fail "self-test"

if has_command doctor; then
  echo "== albumwise doctor --json"
  "$EXE" --db "$SCRATCH/lib.db" doctor --json > "$SCRATCH/doctor.json" || true   # exit 1 = something missing
  "$EXE" --version >/dev/null
  python3 -m json.tool "$SCRATCH/doctor.json" || fail "doctor --json did not print JSON"
else
  echo "== (no doctor command in this build yet)"
fi

if has_command index; then
  echo "== albumwise index $CORPUS --json"
  start=$(date +%s.%N)
  "$EXE" --db "$SCRATCH/lib.db" index "$CORPUS" --json > "$SCRATCH/index.json" || fail "index exited $?"
  end=$(date +%s.%N)
  python3 - "$SCRATCH/index.json" "$start" "$end" <<'PY' || fail "index output"
import json, sys
text = open(sys.argv[1], encoding="utf-8").read().strip()
try:
    summary = json.loads(text)
except ValueError:  # several JSON lines: the summary is the last one
    summary = json.loads(text.splitlines()[-1])
for key in ("added", "changed", "moved", "missing", "unchanged", "errors"):
    assert key in summary, f"index --json lacks {key!r}: {summary}"
assert summary["added"] > 0, f"nothing indexed: {summary}"
print(f"indexed {summary['added']} photos, {len(summary['errors'])} bad files reported, "
      f"{float(sys.argv[3]) - float(sys.argv[2]):.1f} s")
PY
  if has_command list; then
    "$EXE" --db "$SCRATCH/lib.db" list --json > "$SCRATCH/list.json" || fail "list"
    echo "listed $(wc -l < "$SCRATCH/list.json") photos"
    # The frozen app must read every photo exactly as the source does (a missing native library or
    # plugin would show up here as errors or different sizes): index again from source and compare.
    REPO="$OLDPWD"
    case "$PY" in /*) ;; *) PY="$REPO/$PY" ;; esac
    ALBUMWISE_HOME="$SCRATCH/ref-home" PYTHONPATH="$REPO" "$PY" -m app --db "$SCRATCH/ref.db" index "$CORPUS" --json >/dev/null \
      || fail "indexing from source failed"
    ALBUMWISE_HOME="$SCRATCH/ref-home" PYTHONPATH="$REPO" "$PY" -m app --db "$SCRATCH/ref.db" list --json > "$SCRATCH/ref.json"
    python3 - "$SCRATCH/list.json" "$SCRATCH/ref.json" <<'PY' || fail "the bundle reads photos differently from the source"
import json, sys
def load(path):
    text = open(path, encoding="utf-8").read().strip()
    try:
        rows = json.loads(text)
    except ValueError:
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    keys = ("format", "width", "height", "orientation", "state", "error", "description", "keywords")
    return {r["path"]: {k: r.get(k) for k in keys} for r in rows}
bundle, source = load(sys.argv[1]), load(sys.argv[2])
diff = [p for p in sorted(set(bundle) | set(source)) if bundle.get(p) != source.get(p)]
for p in diff[:10]:
    print(f"  {p}: bundle {bundle.get(p)} != source {source.get(p)}")
assert not diff, f"{len(diff)} photos differ"
print(f"bundle and source agree on all {len(bundle)} photos")
PY
  fi
else
  echo "== (no index command in this build yet)"
fi
if has_command gui; then
  # The window, offscreen, on one sub-folder: it must start, add and scan the folder, make thumbnails
  # and keep running (stopped by the timeout after 15 s; any earlier exit is a failure).
  echo "== albumwise gui (offscreen, 15 s)"
  GUI_HOME="$SCRATCH/gui-home"
  FOLDER="$(find "$CORPUS" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | sort | head -1)"
  FOLDER="${FOLDER:-$CORPUS}"
  rc=0
  ALBUMWISE_HOME="$GUI_HOME" timeout 15 "$EXE" gui "$FOLDER" > "$SCRATCH/gui.log" 2>&1 || rc=$?
  if [ "$rc" != 124 ] || grep -q Traceback "$SCRATCH/gui.log"; then
    cat "$SCRATCH/gui.log" >&2; fail "the window exited with status $rc"
  fi
  n_photos=$(ALBUMWISE_HOME="$GUI_HOME" "$EXE" list --json | grep -c '"path"' || true)
  n_thumbs=$(find "$GUI_HOME/cache" -type f -name '*.jpg' 2>/dev/null | wc -l)
  echo "window ran; it indexed $n_photos photos of $(basename "$FOLDER") and made $n_thumbs thumbnails"
  [ "$n_photos" -gt 0 ] || fail "the window did not index $FOLDER"
fi
echo "build-linux: bundle $BUNDLE ($(du -sh "$OLDPWD/$BUNDLE" | cut -f1)) passed its smoke test"

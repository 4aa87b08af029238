#!/usr/bin/env bash
# AppImage recipe: wrap the one-folder bundle (dist/albumwise/, from build-linux.sh) into an AppDir,
# check it runs, and, when appimagetool is available, pack it as dist/Albumwise-<arch>.AppImage.
#
#   bash packaging/build-linux.sh          # 1. the bundle, smoke-tested
#   bash packaging/build-appimage.sh       # 2. dist/Albumwise.AppDir (+ .AppImage with appimagetool)
#
# appimagetool: https://github.com/AppImage/appimagetool/releases (put it on PATH or set APPIMAGETOOL).
# The AppImage runs on distributions at least as new as the one it was built on (glibc); build on the
# oldest you support. exiftool is taken from the system (PATH) unless the bundle was built with
# EXIFTOOL_DIR (see packaging/albumwise.spec).
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=dist/albumwise
APPDIR=dist/Albumwise.AppDir
ARCH="${ARCH:-$(uname -m)}"
APP_ID=io.github.albumwise.Albumwise
[ -x "$BUNDLE/albumwise" ] || { echo "build-appimage: run packaging/build-linux.sh first" >&2; exit 1; }

rm -rf "$APPDIR"
mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/share/applications" "$APPDIR/usr/share/metainfo"
cp -a "$BUNDLE" "$APPDIR/usr/lib/albumwise"
cp resources/albumwise.desktop "$APPDIR/albumwise.desktop"
cp resources/albumwise.desktop "$APPDIR/usr/share/applications/albumwise.desktop"
cp resources/albumwise.metainfo.xml "$APPDIR/usr/share/metainfo/$APP_ID.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
  dir="$APPDIR/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir" && cp "resources/icons/albumwise-$size.png" "$dir/albumwise.png"
done
mkdir -p "$APPDIR/usr/share/icons/hicolor/scalable/apps"
cp resources/icons/albumwise.svg "$APPDIR/usr/share/icons/hicolor/scalable/apps/albumwise.svg"
cp resources/icons/albumwise-256.png "$APPDIR/albumwise.png"
ln -s albumwise.png "$APPDIR/.DirIcon"
cat > "$APPDIR/AppRun" <<'RUN'
#!/bin/sh
# AppImage entry: the bundle's own executable; an exiftool shipped next to the AppImage file wins.
HERE="$(dirname "$(readlink -f "$0")")"
if [ -z "${ALBUMWISE_EXIFTOOL:-}" ] && [ -n "${APPIMAGE:-}" ] && [ -x "$(dirname "$APPIMAGE")/exiftool" ]; then
  export ALBUMWISE_EXIFTOOL="$(dirname "$APPIMAGE")/exiftool"
fi
exec "$HERE/usr/lib/albumwise/albumwise" "$@"
RUN
chmod +x "$APPDIR/AppRun"

# The AppDir must run before it is packed.
"$APPDIR/AppRun" --version
ALBUMWISE_BUNDLE_SELFTEST=1 QT_QPA_PLATFORM=offscreen "$APPDIR/AppRun" | tail -1 | grep -q passed \
  || { echo "build-appimage: the AppDir failed its self-test" >&2; exit 1; }

TOOL="${APPIMAGETOOL:-$(command -v appimagetool || true)}"
if [ -n "$TOOL" ]; then
  ARCH="$ARCH" "$TOOL" --no-appstream "$APPDIR" "dist/Albumwise-$ARCH.AppImage"
  echo "build-appimage: dist/Albumwise-$ARCH.AppImage"
else
  echo "build-appimage: $APPDIR is ready; install appimagetool (or set APPIMAGETOOL) to pack dist/Albumwise-$ARCH.AppImage"
fi

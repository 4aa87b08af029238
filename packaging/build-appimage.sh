#!/usr/bin/env bash
# AppImage recipe: wrap the one-folder bundle (dist/photoscribe/, from build-linux.sh) into an AppDir,
# check it runs, and, when appimagetool is available, pack it as dist/Photoscribe-<arch>.AppImage.
#
#   bash packaging/build-linux.sh          # 1. the bundle, smoke-tested
#   bash packaging/build-appimage.sh       # 2. dist/Photoscribe.AppDir (+ .AppImage with appimagetool)
#
# appimagetool: https://github.com/AppImage/appimagetool/releases (put it on PATH or set APPIMAGETOOL).
# The AppImage runs on distributions at least as new as the one it was built on (glibc); build on the
# oldest you support. exiftool is taken from the system (PATH) unless the bundle was built with
# EXIFTOOL_DIR (see packaging/photoscribe.spec).
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=dist/photoscribe
APPDIR=dist/Photoscribe.AppDir
ARCH="${ARCH:-$(uname -m)}"
APP_ID=io.github.photoscribe.Photoscribe
[ -x "$BUNDLE/photoscribe" ] || { echo "build-appimage: run packaging/build-linux.sh first" >&2; exit 1; }

rm -rf "$APPDIR"
mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/share/applications" "$APPDIR/usr/share/metainfo"
cp -a "$BUNDLE" "$APPDIR/usr/lib/photoscribe"
cp resources/photoscribe.desktop "$APPDIR/photoscribe.desktop"
cp resources/photoscribe.desktop "$APPDIR/usr/share/applications/photoscribe.desktop"
cp resources/photoscribe.metainfo.xml "$APPDIR/usr/share/metainfo/$APP_ID.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
  dir="$APPDIR/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir" && cp "resources/icons/photoscribe-$size.png" "$dir/photoscribe.png"
done
mkdir -p "$APPDIR/usr/share/icons/hicolor/scalable/apps"
cp resources/icons/photoscribe.svg "$APPDIR/usr/share/icons/hicolor/scalable/apps/photoscribe.svg"
cp resources/icons/photoscribe-256.png "$APPDIR/photoscribe.png"
ln -s photoscribe.png "$APPDIR/.DirIcon"
cat > "$APPDIR/AppRun" <<'RUN'
#!/bin/sh
# AppImage entry: the bundle's own executable; an exiftool shipped next to the AppImage file wins.
HERE="$(dirname "$(readlink -f "$0")")"
if [ -z "${PHOTOSCRIBE_EXIFTOOL:-}" ] && [ -n "${APPIMAGE:-}" ] && [ -x "$(dirname "$APPIMAGE")/exiftool" ]; then
  export PHOTOSCRIBE_EXIFTOOL="$(dirname "$APPIMAGE")/exiftool"
fi
exec "$HERE/usr/lib/photoscribe/photoscribe" "$@"
RUN
chmod +x "$APPDIR/AppRun"

# The AppDir must run before it is packed.
"$APPDIR/AppRun" --version
PHOTOSCRIBE_BUNDLE_SELFTEST=1 QT_QPA_PLATFORM=offscreen "$APPDIR/AppRun" | tail -1 | grep -q passed \
  || { echo "build-appimage: the AppDir failed its self-test" >&2; exit 1; }

TOOL="${APPIMAGETOOL:-$(command -v appimagetool || true)}"
if [ -n "$TOOL" ]; then
  ARCH="$ARCH" "$TOOL" --no-appstream "$APPDIR" "dist/Photoscribe-$ARCH.AppImage"
  echo "build-appimage: dist/Photoscribe-$ARCH.AppImage"
else
  echo "build-appimage: $APPDIR is ready; install appimagetool (or set APPIMAGETOOL) to pack dist/Photoscribe-$ARCH.AppImage"
fi

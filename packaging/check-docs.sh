#!/usr/bin/env bash
# Build the manual (docs/, mkdocs.yml) with `mkdocs build --strict` into a temporary folder, so a broken
# page, link or anchor fails; the site never lands in the tree. Skipped (exit 0) when mkdocs is not
# installed in .venv (it is one of the `test` extras that packaging/run-tests.sh installs).
# Usage: bash packaging/check-docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if ! "$PY" -c 'import mkdocs' >/dev/null 2>&1; then
  echo "check-docs: mkdocs is not installed; the manual was not built"
  exit 0
fi
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
"$PY" -m mkdocs build --strict --quiet --site-dir "$site"
echo "check-docs: the manual builds (mkdocs build --strict)"

#!/usr/bin/env bash
# Refresh the translation files from the interface's source code, then compile them.
#   1. pyside6-lupdate collects every self.tr("...") / QCoreApplication.translate(...) string in app/ui
#      into resources/i18n/albumwise.ts (the template) and into each albumwise_<lang>.ts, keeping
#      translations that already exist. English, the source language, needs only its plural forms
#      ("%n photo(s)" → "1 photo", "2 photos"): albumwise_en.ts holds just those (-pluralonly).
#      No source locations are stored (-locations none): line numbers would change with every edit.
#   2. pyside6-lrelease compiles each albumwise_<lang>.ts into the .qm file the app loads.
# Usage: bash packaging/update-translations.sh            (all languages)
#        bash packaging/update-translations.sh de         (create or update German)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${PYSIDE_BIN:-.venv/bin}"
I18N=resources/i18n
mapfile -t sources < <(find app/ui -name '*.py' | sort)
if [ ${#sources[@]} -eq 0 ]; then echo "no interface sources under app/ui" >&2; exit 1; fi

targets=("$I18N/albumwise.ts")
for lang in "$@"; do targets+=("$I18N/albumwise_${lang}.ts"); done
for ts in "$I18N"/albumwise_*.ts; do [ -e "$ts" ] && targets+=("$ts"); done
mapfile -t targets < <(printf '%s\n' "${targets[@]}" | sort -u)

for ts in "${targets[@]}"; do
  if [ "$(basename "$ts")" = "albumwise_en.ts" ]; then
    "$BIN/pyside6-lupdate" -silent -no-obsolete -locations none -pluralonly -source-language en \
      -target-language en "${sources[@]}" -ts "$ts"
  else
    "$BIN/pyside6-lupdate" -silent -no-obsolete -locations none -source-language en "${sources[@]}" -ts "$ts"
  fi
done
for ts in "$I18N"/albumwise_*.ts; do
  [ -e "$ts" ] || continue
  "$BIN/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
echo "updated: ${targets[*]}"

#!/usr/bin/env bash
# Make sure DIR (default ~/.local/bin) is on PATH in every new terminal, as `pipx ensurepath` does:
# add one line to the profile of each shell the user has (bash: ~/.bashrc, zsh: ~/.zshrc, fish:
# conf.d), and to ~/.profile for login shells, unless the profile already names DIR. Prints what it
# changed, and the exact command that makes `albumwise` work in the current terminal.
# Usage: bash packaging/ensure-path.sh [DIR]     (ALBUMWISE_NO_PROFILE_EDIT=1: only print advice)
set -euo pipefail
BIN="${1:-$HOME/.local/bin}"
say() { printf 'albumwise install: %s\n' "$*"; }

# The line written, with $HOME kept symbolic when DIR is under it (the profile stays portable).
case "$BIN" in
  "$HOME"/*) shown="\$HOME/${BIN#"$HOME"/}" ;;
  *) shown="$BIN" ;;
esac
line="export PATH=\"$shown:\$PATH\"  # added by Albumwise's installer"

on_path=0
case ":$PATH:" in *":$BIN:"*) on_path=1 ;; esac

mentions() { [ -f "$1" ] && grep -qF -e "$BIN" -e "$shown" "$1"; }

profiles=("$HOME/.bashrc" "$HOME/.profile")
[ -f "$HOME/.zshrc" ] || [ "$(basename "${SHELL:-}")" = "zsh" ] && profiles+=("$HOME/.zshrc")
changed=()
if [ "${ALBUMWISE_NO_PROFILE_EDIT:-0}" != "1" ]; then
  for f in "${profiles[@]}"; do
    mentions "$f" && continue
    # ~/.profile on Debian already adds ~/.local/bin when it exists; leave such a profile alone.
    if [ "$f" = "$HOME/.profile" ] && [ -f "$f" ] && grep -qF '.local/bin' "$f"; then continue; fi
    printf '\n%s\n' "$line" >> "$f"
    changed+=("$f")
  done
  if [ -d "$HOME/.config/fish" ] || [ "$(basename "${SHELL:-}")" = "fish" ]; then
    fish="$HOME/.config/fish/conf.d/albumwise.fish"
    if ! mentions "$fish"; then
      mkdir -p "$(dirname "$fish")"
      printf 'fish_add_path -g %s\n' "$BIN" > "$fish"
      changed+=("$fish")
    fi
  fi
fi

if [ ${#changed[@]} -gt 0 ]; then
  say "added $BIN to PATH in ${changed[*]}: new terminals find 'albumwise'"
fi
if [ "$on_path" = 0 ]; then
  say "in this terminal, run first:  export PATH=\"$BIN:\$PATH\""
  say "(or start it by its full path: $BIN/albumwise)"
fi

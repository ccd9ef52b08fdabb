#!/usr/bin/env bash
# Prints the bin folder of a runtime this repository pins in package.json "config" (node, deno),
# installing it from the npm registry into a cache folder the first time.
#
# Neither runtime is a dependency: as devDependencies they made every `npm install` fetch ~280 MB
# (node_modules 471 MB, 51 s), although only a machine whose own Node is older than 22 needs the
# first (.ci/run puts it on the PATH there) and only the edge-function tests need the second
# (test/support/deno.ts runs this script).
#
# Usage: bash scripts/cached-tool.sh node|deno
# Cache: $STRUKT_TOOLS_CACHE, else $XDG_CACHE_HOME/strukt-cron, else ~/.cache/strukt-cron; one
#        folder per tool and version, so a new pin installs beside the old one.
set -euo pipefail

tool="${1:-}"
case "$tool" in
  node | deno) ;;
  *)
    echo "Unknown tool '$tool'. Expected node or deno." >&2
    exit 2
    ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
# Read with sed, not node: this script may be what provides a usable node.
version="$(sed -n "/\"config\": {/,/}/ s/^ *\"$tool\": *\"\([^\"]*\)\".*/\1/p" "$root/package.json")"
if [ -z "$version" ]; then
  echo "package.json has no \"config\": { \"$tool\": \"<version>\" } pin." >&2
  exit 2
fi

cache="${STRUKT_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strukt-cron}"
dir="$cache/$tool-$version"
if [ ! -x "$dir/node_modules/.bin/$tool" ]; then
  mkdir -p "$cache"
  # Installed beside the final folder and moved in whole: an interrupted or concurrent install
  # never leaves a half-written runtime where the next run would take it.
  tmp="$(mktemp -d "$cache/.$tool-$version.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # Both packages put their binary in place with an install script, which npm 11 asks to allow.
  printf '{ "private": true, "allowScripts": { "%s": true } }\n' "$tool" >"$tmp/package.json"
  echo "Installing $tool $version into $dir (once)" >&2
  npm install --prefix "$tmp" --no-audit --no-fund --no-package-lock --loglevel=error "$tool@$version" >&2
  "$tmp/node_modules/.bin/$tool" --version >/dev/null
  if [ ! -e "$dir" ]; then mv "$tmp" "$dir" || [ -x "$dir/node_modules/.bin/$tool" ]; fi
fi
echo "$dir/node_modules/.bin"

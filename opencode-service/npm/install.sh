#!/bin/sh
# Installs the OpenCode the bridge runs (package.json and package-lock.json next to this script: opencode-ai at
# an exact version and its Linux x64 binary) into the folder given as $1, from the committed lock file. Runs
# again only when the lock file changed; nothing is installed into the source tree. (`npm install` with the lock
# rather than `npm ci`: npm leaves other platforms' optional binaries out of the lock, and `npm ci` then refuses
# the lock as out of sync.)
#
# Without npm, or on a platform other than Linux x64, it installs nothing and says so: the bridge then needs
# opencode.binary (or opencode.url) pointing at an OpenCode of your own. Under CI (CI set) both are errors.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dest=${1:?usage: install.sh <folder>}
binary="$dest/node_modules/.bin/opencode"

skip() {
  if [ -n "${CI:-}" ]; then
    echo "[opencode] $1" >&2
    exit 1
  fi
  echo "[opencode] $1; not installed (set opencode.binary to your own opencode, or install Node.js and npm and rebuild)" >&2
  exit 0
}

command -v npm >/dev/null 2>&1 || skip "npm not found"
command -v node >/dev/null 2>&1 || skip "node not found"
platform=$(node -p 'process.platform + "-" + process.arch')
[ "$platform" = "linux-x64" ] || skip "the pinned OpenCode binary is for linux-x64, this is $platform"

if [ -x "$binary" ] && cmp -s "$here/package-lock.json" "$dest/.installed-from"; then
  exit 0
fi

mkdir -p "$dest"
cp "$here/package.json" "$here/package-lock.json" "$dest/"
echo "[opencode] installing opencode-ai from $here/package-lock.json into $dest (about 180 MB, once)"
# --omit=optional: opencode-ai lists every platform's binary as optional; package.json names the one needed.
(cd "$dest" && npm install --omit=optional --no-save --no-audit --no-fund --loglevel=error)
# opencode-ai's postinstall links bin/opencode.exe to the platform binary; check that it runs.
version=$("$binary" --version)
echo "[opencode] installed opencode $version"
cp "$here/package-lock.json" "$dest/.installed-from"

#!/usr/bin/env bash
# Installs code-server 4.100.3 (the VS Code 1.100.3 server and web workbench, the last release
# line for Node 20) from its npm tarball into .cache/code-server, for the offline extension tests.
#
# Why from npm: desktop VS Code cannot be downloaded here, but the npm package ships the real
# VS Code server whose extension host is VS Code's own. Its postinstall downloads nothing we
# need, so we skip it and do its few steps by hand; native modules are built with node-gyp.
#
# Idempotent: a finished install is recognised by its stamp file and left alone.
# Usage: scripts/e2e/setup-code-server.sh [DEST]   (Debian chromium + ripgrep must be installed;
#        .ci/run installs them with apt-get)
set -euo pipefail
VERSION=4.100.3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEST=${1:-$ROOT/.cache/code-server}
STAMP="$DEST/.phg-installed-$VERSION"

if [[ -f "$STAMP" ]]; then
    echo "code-server $VERSION already installed in $DEST"
    exit 0
fi
command -v rg >/dev/null || { echo "ripgrep (rg) is missing: apt-get install ripgrep" >&2; exit 1; }

# Writes an allowScripts map into a package.json: npm 11 runs install scripts only for listed ones.
allow_scripts() {
    node -e 'const fs = require("fs"); const f = process.argv[1]; const p = JSON.parse(fs.readFileSync(f, "utf8"));
p.allowScripts = JSON.parse(process.argv[2]); fs.writeFileSync(f, JSON.stringify(p, null, 2));' "$1" "$2"
}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack "code-server@$VERSION" --silent >/dev/null && tar xzf "code-server-$VERSION.tgz")
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
mv "$WORK/package" "$DEST"

cd "$DEST"
allow_scripts package.json '{"argon2":true}'
# --ignore-scripts: code-server's own postinstall.sh would try to fetch things; its steps follow below.
npm install --omit=dev --no-audit --no-fund --ignore-scripts
# argon2's prebuilt download fails offline; node-pre-gyp then falls back to compiling it.
npm rebuild argon2

cd lib/vscode
allow_scripts package.json '{"node-pty":true,"@vscode/spdlog":true,"native-watchdog":true,"@parcel/watcher":true,"@vscode/deviceid":true,"kerberos":false,"@vscode/ripgrep":false,"@vscode/windows-process-tree":false,"@vscode/windows-registry":false}'
npm_config_yes=true npm install --omit=dev --no-audit --no-fund
# @vscode/ripgrep would download its binary; VS Code's search uses Debian's instead.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund --ignore-scripts)

node "$DEST/out/node/entry.js" --version
touch "$STAMP"

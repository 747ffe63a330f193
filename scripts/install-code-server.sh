#!/usr/bin/env bash
# Installs what the integration tests need on a fresh Debian 12 machine (run as root):
#  - Debian packages: chromium (headless browser for the workbench), libkrb5-dev + pkg-config +
#    build-essential (code-server's native modules build against the system Node), ripgrep
#    (replaces @vscode/ripgrep's GitHub download);
#  - code-server, into a cache OUTSIDE the project so `npm ci` stays fast and the .vsix small.
# Idempotent: each step is skipped when its result is already there. Nothing but apt and npm is reached.
#
# env: PASSK_CACHE_DIR   cache root (default ~/.cache/passk)
#      PASSK_CODE_SERVER_DIR  install folder (default $PASSK_CACHE_DIR/code-server-<version>)
set -euo pipefail

CS_VERSION=4.100.3      # newest code-server whose engines.node accepts Node 20 (VS Code 1.100.3)
RG_PKG_VERSION=1.15.11  # @vscode/ripgrep version pinned by code-server 4.100.3's shrinkwrap
CACHE_DIR="${PASSK_CACHE_DIR:-$HOME/.cache/passk}"
CS_DIR="${PASSK_CODE_SERVER_DIR:-$CACHE_DIR/code-server-$CS_VERSION}"

log() { echo "[install-code-server ${SECONDS}s] $*"; }

install_debian_packages() {
  local need=()
  command -v chromium >/dev/null || need+=(chromium)
  [ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
  command -v rg >/dev/null || need+=(ripgrep)
  command -v pkg-config >/dev/null || need+=(pkg-config)
  { command -v g++ >/dev/null && command -v make >/dev/null; } || need+=(build-essential)
  command -v python3 >/dev/null || need+=(python3)
  if [ ${#need[@]} -eq 0 ]; then
    log "Debian packages already present"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "The integration tests need these Debian packages: ${need[*]}. Install them as root (apt-get install ${need[*]}) and run again." >&2
    exit 1
  fi
  log "installing Debian packages: ${need[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
}

code_server_ready() {
  [ -f "$CS_DIR/node_modules/code-server/out/node/entry.js" ] &&
    [ -e "$CS_DIR/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node" ]
}

install_code_server() {
  if code_server_ready; then
    log "code-server $CS_VERSION already in $CS_DIR"
    return
  fi
  log "installing code-server $CS_VERSION into $CS_DIR"
  mkdir -p "$CS_DIR"
  # @vscode/ripgrep's postinstall fetches rg from GitHub unless this cache file exists in
  # $TMPDIR/vscode-ripgrep-cache-<version>/: seed it from Debian's rg, with a private TMPDIR.
  local tmp="$CS_DIR/.tmp"
  local rg_cache="$tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
  mkdir -p "$rg_cache"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  (
    cd "$CS_DIR"
    [ -f package.json ] || echo '{"name":"passk-code-server-cache","private":true}' > package.json
    # unsafe_perm: code-server's postinstall refuses to run as root without it.
    # yes: node-pty's postinstall runs `npx node-gyp`; a global yes=false would cancel it.
    # nodedir: node-gyp uses the local headers (/usr/include/node) instead of downloading them.
    TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
      npm install --no-audit --no-fund "code-server@$CS_VERSION"
  )
  code_server_ready || { echo "code-server install incomplete in $CS_DIR" >&2; exit 1; }
  log "code-server ready"
}

install_debian_packages
install_code_server
echo "$CS_DIR/node_modules/code-server/out/node/entry.js"

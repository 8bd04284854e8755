#!/usr/bin/env bash
# Installs what the standards gate needs, once: a Java runtime (for the Nu HTML Checker),
# Debian's Chromium, nginx, Node.js, and the pinned npm packages of package-lock.json into
# tests/standards/node_modules. Whatever is already there is not installed again.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "standards gate: missing ${missing[*]}; install them (as root: apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "== installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The npm packages, exactly as locked; install scripts stay off (vnu-jar's would download a JRE).
stamp=node_modules/.loa-lock
if ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
  echo "== installing npm packages (package-lock.json)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

#!/usr/bin/env bash
# Installs the Debian packages the test suite drives: PostgreSQL 15 and Redis (server
# binaries, started by the tests themselves in a temp dir), Chromium (for Playwright) and npm (to
# install axe-core, the browser suite's accessibility checker, from its lockfile) and a
# Chinese font.
set -euo pipefail

need=()
bindir=$(pg_config --bindir 2>/dev/null || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then need+=(postgresql); fi
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Redis: the job queue's server path (a throwaway redis-server started by the tests).
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v npm >/dev/null 2>&1 || need+=(npm)
# A Chinese font, so the layout tests measure (and screenshots show) real glyphs.
fc-list :lang=zh family 2>/dev/null | grep -q . || need+=(fonts-wqy-microhei)
[ ${#need[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root or sudo to install: ${need[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "installing Debian packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

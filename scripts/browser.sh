#!/usr/bin/env bash
# The browser the web tests drive: Debian's chromium, installed with apt-get (as root) only when
# /usr/bin/chromium is absent. Playwright runs it as it is (never `playwright install`: nothing is downloaded
# from Playwright's CDN). Idempotent: on a machine that has it, this only checks.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "browser.sh: $CHROMIUM is missing; install Debian's chromium as root: apt-get install -y chromium" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
"$CHROMIUM" --version

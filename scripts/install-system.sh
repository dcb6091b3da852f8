#!/usr/bin/env bash
# Debian packages the tests need: PostgreSQL (server-mode store tests start a throwaway
# cluster) and Chromium (browser tests). Skipped when already installed; needs root or sudo.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "system packages present: PostgreSQL $(ls -d /usr/lib/postgresql/*/ | xargs -n1 basename | tr '\n' ' ')and $(/usr/bin/chromium --version 2>/dev/null || echo 'no Chromium')"

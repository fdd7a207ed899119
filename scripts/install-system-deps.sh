#!/usr/bin/env bash
# Installs the Debian packages the service-backed suites need (PHP, phpunit, Chromium, nginx),
# only those that are missing. Runs unattended; needs root (CI and the dev machines are root).
set -euo pipefail

wanted=(php-cli php-mysql php-xml php-mbstring php-curl php-zip phpunit chromium nginx-light zip unzip sqlite3 openssl systemd)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

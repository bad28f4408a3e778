#!/usr/bin/env bash
# Installs the Debian packages jtwg's tests need, if any is missing: Chromium (browser tests),
# LibreOffice Writer and poppler (render Word output to PDF and PNG), fonts, the hunspell dictionaries
# and enchant (spelling of the minutes; the word lists also tell the personal-data check ordinary
# capitalised words from names) and Apertium with its English–Catalan and French–Catalan pairs
# (the rough machine draft, pivoting through Catalan); and pandoc, the peer the export benchmarks compare with.
set -euo pipefail

packages=(chromium chromium-driver fonts-liberation fonts-dejavu-core libreoffice-writer-nogui poppler-utils
          hunspell-fr hunspell-fr-classical hunspell-en-gb libenchant-2-2 apertium apertium-eng-cat apertium-fra-cat
          pandoc)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Set-up and build on a fresh machine: installs dependencies, builds both extensions.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run --silent build
echo
echo "Chrome:  chrome://extensions -> Developer mode -> Load unpacked -> $(pwd)/.output/chrome-mv3"
echo "Firefox: about:debugging#/runtime/this-firefox -> Load Temporary Add-on -> $(pwd)/.output/firefox-mv3/manifest.json"

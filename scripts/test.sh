#!/usr/bin/env bash
# Every test PaperSift has, on a fresh machine: installs what it needs, then typecheck, lint,
# unit tests, Chrome + Firefox builds, size budgets, Firefox lint and the end-to-end tests
# against the real built extension in Debian Chromium. `.ci/run` runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

if [ ! -x /usr/bin/chromium ]; then
  step "installing Debian Chromium (Playwright cannot download browsers here)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

step "npm ci"
npm ci --no-audit --no-fund

step "typecheck"
npm run --silent typecheck

step "lint"
npm run --silent lint

step "unit tests"
npm run --silent test

step "build (Chrome MV3 + Firefox MV3)"
npm run --silent build

step "bundle size budgets"
npm run --silent size-check

step "Firefox add-on lint (addons-linter)"
npm run --silent lint:firefox

step "end-to-end tests (built extension in Chromium)"
npm run --silent test:e2e

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
mkdir -p .tmp
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json

step "build (Chrome MV3 + Firefox MV3)"
npm run --silent build

step "bundle size budgets"
npm run --silent size-check

step "Firefox add-on lint (addons-linter)"
npm run --silent lint:firefox

step "end-to-end tests (built extension in Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/playwright.json npx playwright test --reporter=list,json

# One closing line over both runners, in the plain "N passed, N failed" form.
node -e '
const fs = require("fs");
const v = JSON.parse(fs.readFileSync(".tmp/vitest.json", "utf8"));
const p = JSON.parse(fs.readFileSync(".tmp/playwright.json", "utf8")).stats;
const passed = v.numPassedTests + p.expected + p.flaky;
const failed = v.numFailedTests + p.unexpected;
const skipped = v.numPendingTests + v.numTodoTests + p.skipped;
console.log(`\nunit ${v.numPassedTests}, end-to-end ${p.expected + p.flaky}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
'

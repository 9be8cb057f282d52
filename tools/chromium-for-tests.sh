#!/usr/bin/env bash
# Make a headless Chromium ready for the browser tests and print its path.
#
#   chromium=$(tools/chromium-for-tests.sh)   # exit 3: no Chromium on this machine
#
# Uses TEST_CHROMIUM when given. Otherwise Debian's chromium (with
# chromium-driver, for anyone who drives it with Selenium instead), installed
# with apt-get when missing and running as root (CI runs as root on a fresh
# machine). Playwright's own browser download cannot work here (no network
# beyond the package registries), so the tests launch this binary instead.
# fonts-noto-core brings the Noto Naskh/Sans Arabic faces named first in
# static/css/archive.css, so the screenshots show the fonts readers get.
set -euo pipefail

if [[ -n "${TEST_CHROMIUM:-}" ]]; then
  if [[ ! -x "$TEST_CHROMIUM" ]]; then
    echo "TEST_CHROMIUM=$TEST_CHROMIUM is not an executable file." >&2
    exit 3
  fi
  echo "$TEST_CHROMIUM"
  exit 0
fi
CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium chromium-driver fonts-noto-core)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done

if (( ${#missing[@]} )); then
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "Missing ${missing[*]}, and they cannot be installed from here" \
         "(needs Debian's apt-get and root, or TEST_CHROMIUM=/path/to/chromium)." >&2
    exit 3
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >&2; then
    echo "apt-get could not install ${missing[*]}." >&2
    exit 3
  fi
fi

if [[ ! -x "$CHROMIUM" ]]; then
  echo "$CHROMIUM is missing although the chromium package is installed." >&2
  exit 3
fi
echo "$CHROMIUM"

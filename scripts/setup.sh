#!/usr/bin/env bash
# Installs everything reportage needs on a fresh Debian machine, and only what is missing:
# Debian's ffmpeg (never a downloaded binary), a font with full Vietnamese coverage for burned-in
# text, MediaInfo for QC cross-checks, prlimit for ffmpeg's memory bound, Debian's Chromium for the
# end-to-end browser test (driven by playwright-core: no browser is ever downloaded), then the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v mediainfo >/dev/null 2>&1 || missing+=(mediainfo)
command -v prlimit >/dev/null 2>&1 || missing+=(util-linux)
[ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || missing+=(fonts-noto-core)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# buildah and mmdebstrap build the worker's container image without an image registry
# (scripts/build-worker-image.sh; test/integration/aws/worker-image.test.ts runs it).
command -v buildah >/dev/null 2>&1 || missing+=(buildah)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the installed tree does not match the lock file (a re-run starts at once).
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.reportage-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "setup: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.reportage-lock-hash
fi

node -e 'const [maj,min]=process.versions.node.split(".").map(Number); if (maj<20||(maj===20&&min<10)) { console.error("setup: Node.js >= 20.10 is needed, found "+process.version); process.exit(1) }'
echo "setup: ready ($(ffmpeg -version | head -n1 | cut -d' ' -f1-3), node $(node --version))" >&2

# The worker's container image, built once here (minutes the first time; seconds while its inputs
# are unchanged), so the test that runs it starts at once.
image_cmd=(bash scripts/build-worker-image.sh)
[ "$(id -u)" -eq 0 ] || image_cmd=(sudo "${image_cmd[@]}")
worker_image=$("${image_cmd[@]}")
echo "setup: worker image $worker_image" >&2

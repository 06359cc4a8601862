#!/usr/bin/env bash
# The container check (docs/container.md): builds the repository's unchanged Dockerfile from a clean clone with
# buildah and runs the image with podman, without a Docker engine and without a registry, then runs
# tests/container/test_image.py against it (start, health, user, volume, compose, settings, bad input).
#
# No registry is reachable here, so the two base images the Dockerfile names by build argument are made locally:
#   - the runtime base: `debootstrap --variant=minbase bookworm`, stripped as Debian's official slim image is (no docs,
#     man pages or locales; apt's docker-clean settings), imported with `podman import`;
#   - the builder base: the same root file system plus the packages the official Swift image carries for building
#     (tests/container/builder.Containerfile), with this machine's Swift toolchain bind-mounted during the build.
# Both are kept under localhost/canary-mock-ci/ and reused when present.
#
# Usage: check.sh [prepare|build|test|all] (default all). `.ci/run` runs the three steps apart so the network-bound
# preparation overlaps its Swift builds and the image build overlaps the fixed-length fuzzing runs.
#   prepare  installs podman, buildah, runc, debootstrap and podman-compose, and makes the two base images;
#   build    builds the image from a clean clone of the committed HEAD and checks its size;
#   test     runs tests/container/test_image.py against it, then removes it (unless KEEP_IMAGES=1).
# Environment: CANARY_MOCK_BIN (the release binary, for comparing error lines; default .build/release/canary-mock),
# CONTAINER_WORK (work folder shared by the steps, default a new temporary one), KEEP_IMAGES=1 (leave the image).
# Prints the image size and the time each step took; exits non-zero on any failure.
set -euo pipefail
MODE=${1:-all}
case "$MODE" in prepare|build|test|all) ;; *) echo "usage: $0 [prepare|build|test|all]" >&2; exit 2;; esac
cd "$(dirname "$0")/../.."
ROOT=$PWD
START=$SECONDS
step() { echo "-- container check: $* ($((SECONDS - START)) s)"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

WORK=${CONTAINER_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/canary-mock-container.XXXXXX")}
mkdir -p "$WORK"
RUNTIME_BASE=localhost/canary-mock-ci/debian:bookworm-slim
BUILDER_BASE=localhost/canary-mock-ci/swift:6.3-bookworm
IMAGE=localhost/canary-mock:ci
MAX_BYTES=100000000

# ------------------------------------------------------------------------------------------------ tools
step "$MODE: tools"
missing=()
for tool in podman:podman buildah:buildah runc:runc debootstrap:debootstrap setpriv:util-linux; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${tool%%:*}" ] || missing+=("${tool#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 "${missing[@]}" >"$WORK/apt.log" 2>&1 || {
        as_root apt-get update -qq >>"$WORK/apt.log" 2>&1
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 "${missing[@]}" >>"$WORK/apt.log" 2>&1 \
            || { cat "$WORK/apt.log" >&2; exit 1; }
    }
fi
command -v podman-compose >/dev/null 2>&1 \
    || python3 -m pip install -q --disable-pip-version-check podman-compose
export PATH=$PATH:/usr/sbin:/sbin

# podman's own defaults do not fit this host: crun refuses its hybrid cgroups and the default ulimits are above the
# host's hard limits. A config of our own, by CONTAINERS_CONF, leaves /etc alone.
export CONTAINERS_CONF=$WORK/containers.conf
cat >"$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF

# ------------------------------------------------------------------------------------------------ base images
prepare() {
    if ! podman image exists "$RUNTIME_BASE"; then
        step "runtime base: debootstrap --variant=minbase bookworm"
        ROOTFS=$WORK/rootfs
        as_root debootstrap --variant=minbase bookworm "$ROOTFS" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 \
            || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
        # As Debian's slim images are made (https://github.com/debuerreotype/debuerreotype): no documentation, man pages
        # or translations, now or from later installs, and no apt caches.
        as_root rm -rf "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* \
            "$ROOTFS"/usr/share/lintian "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/cache/apt/archives/*.deb \
            "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/log/*.log
        as_root find "$ROOTFS/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
        as_root tee "$ROOTFS/etc/dpkg/dpkg.cfg.d/docker" >/dev/null <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
        as_root tee "$ROOTFS/etc/apt/apt.conf.d/docker-clean" >/dev/null <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
        echo 'Acquire::Languages "none";' | as_root tee "$ROOTFS/etc/apt/apt.conf.d/docker-no-languages" >/dev/null
        as_root tar -C "$ROOTFS" -c . | podman import --change 'CMD ["bash"]' - "$RUNTIME_BASE" >/dev/null
        as_root rm -rf "$ROOTFS"
    fi
    if ! podman image exists "$BUILDER_BASE"; then
        step "builder base: the runtime base plus the official Swift image's build packages"
        SWIFT=$(command -v swift) || { echo "container check: swift is not on the PATH" >&2; exit 1; }
        TOOLCHAIN=$(dirname "$(dirname "$(dirname "$(readlink -f "$SWIFT")")")")
        mkdir -p "$WORK/empty"
        buildah bud --isolation chroot --format docker -f tests/container/builder.Containerfile \
            --build-arg BASE="$RUNTIME_BASE" --build-arg TOOLCHAIN="$TOOLCHAIN" -t "$BUILDER_BASE" "$WORK/empty" \
            >"$WORK/builder.log" 2>&1 || { tail -30 "$WORK/builder.log" >&2; exit 1; }
    fi
}

# ------------------------------------------------------------------------------------------------ the image
build() {
    SWIFT=$(command -v swift) || { echo "container check: swift is not on the PATH" >&2; exit 1; }
    TOOLCHAIN=$(dirname "$(dirname "$(dirname "$(readlink -f "$SWIFT")")")")
    step "image: buildah bud of the Dockerfile from a clean clone"
    rm -rf "$WORK/clone"
    git clone -q "$ROOT" "$WORK/clone"
    # The toolchain is mounted where the builder base's PATH expects it; the official Swift image has it in /usr.
    buildah bud --isolation chroot --format docker -v "$TOOLCHAIN:$TOOLCHAIN:ro" \
        --build-arg SWIFT_IMAGE="$BUILDER_BASE" --build-arg RUNTIME_IMAGE="$RUNTIME_BASE" \
        -t "$IMAGE" -t localhost/canary-mock:latest "$WORK/clone" >"$WORK/image.log" 2>&1 \
        || { tail -40 "$WORK/image.log" >&2; exit 1; }
    SIZE=$(podman image inspect --format '{{.Size}}' "$IMAGE")
    BASE_SIZE=$(podman image inspect --format '{{.Size}}' "$RUNTIME_BASE")
    awk -v s="$SIZE" -v b="$BASE_SIZE" 'BEGIN {
        printf "-- container check: image %.1f MB (runtime base %.1f MB, the project'"'"'s layers %.1f MB)\n",
            s / 1e6, b / 1e6, (s - b) / 1e6 }'
    if [ "$SIZE" -ge "$MAX_BYTES" ]; then
        echo "container check: the image is $SIZE bytes, not under $MAX_BYTES" >&2
        exit 1
    fi
}

# ------------------------------------------------------------------------------------------------ the checks
run_tests() {
    step "runs: tests/container/test_image.py"
    CANARY_MOCK_IMAGE=$IMAGE CONTAINER_WORK=$WORK CONTAINERS_CONF=$CONTAINERS_CONF \
        CANARY_MOCK_BIN=${CANARY_MOCK_BIN:-$ROOT/.build/release/canary-mock} \
        python3 -m pytest -q -p no:cacheprovider tests/container/test_image.py
    if [ "${KEEP_IMAGES:-0}" != 1 ]; then
        podman rmi -f "$IMAGE" localhost/canary-mock:latest >/dev/null 2>&1 || true
    fi
}

case "$MODE" in
    prepare) prepare ;;
    build) build ;;
    test) run_tests ;;
    all) prepare; build; run_tests ;;
esac
step "$MODE: done"

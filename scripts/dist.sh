#!/usr/bin/env bash
# Build clerkctl's release artifacts into dist/:
#   dist/clerkctl-x86_64-unknown-linux-gnu          static, non-PIE, stripped executable
#   dist/clerkctl-x86_64-unknown-linux-gnu.sha256   its SHA-256 (`sha256sum -c` format)
#   dist/npm/clerkctl-VERSION.tgz, dist/npm/clerkctl-linux-x64-VERSION.tgz  (when npm is present)
#
# Static and non-PIE because a cold start is then only the program itself: no dynamic loader,
# no shared libraries to map, a few dozen relocations instead of ~14,000, which is what makes a
# cold `clerkctl decode` faster than jwt-cli's. `--target` keeps these RUSTFLAGS off build
# scripts and proc-macros, which run on the build machine. Host names are resolved in-process
# (reqwest's hickory-dns), so the static binary needs none of glibc's run-time NSS modules.
#
# Other platforms' binaries (darwin-arm64, darwin-x64, linux-arm64, win32-x64) are built on
# those platforms with `cargo build --release --locked`; see npm/README.md.
#
# Options: DIST_SKIP_BUILD=1 repackages an existing target/ build; CARGO_BUILD_JOBS limits jobs.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-unknown-linux-gnu
name="clerkctl-$target"
built="target/$target/release/clerkctl"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)

if [ "${DIST_SKIP_BUILD:-0}" != 1 ]; then
  echo "building $name $version (release, static, non-PIE)…" >&2
  RUSTFLAGS="${RUSTFLAGS:-} -C relocation-model=static -C target-feature=+crt-static" \
  CARGO_PROFILE_RELEASE_STRIP=symbols \
    nice cargo build --release --locked --target "$target"
fi
[ -x "$built" ] || { echo "error: $built is missing (run without DIST_SKIP_BUILD)" >&2; exit 2; }

mkdir -p dist
cp "$built" "dist/$name.tmp"
mv -f "dist/$name.tmp" "dist/$name"
(cd dist && sha256sum "$name" > "$name.sha256")

# The properties the artifact exists for; a build that lost one of them fails here.
fail() { echo "error: dist/$name: $*" >&2; exit 1; }
if command -v readelf >/dev/null; then
  readelf -h "dist/$name" | grep -q 'Type: *EXEC' || fail "not a non-PIE executable (ELF type is not EXEC)"
  ! readelf -l "dist/$name" | grep -q 'INTERP' || fail "has a dynamic loader (PT_INTERP): not static"
  ! readelf -S "dist/$name" | grep -q ' .symtab' || fail "is not stripped"
  relocs=$(readelf -r "dist/$name" | grep -c '^[0-9a-f]\{12\}' || true)
else
  relocs="?"
fi
"dist/$name" --version >/dev/null || fail "does not run"
# A host name resolves from the static binary: mint over `localhost` on an emulator it serves.
"dist/$name" emulator exec -- sh -c \
  '"$0" emulator mint --api-url "$(echo "$CLERK_API_URL" | sed s/127.0.0.1/localhost/)" --email dist@example.com >/dev/null' \
  "dist/$name" || fail "cannot reach its own emulator through \`localhost\`"

size=$(wc -c < "dist/$name")
echo "dist/$name: $((size / 1024)) KiB, $relocs relocations, static, non-PIE, stripped" >&2
cat "dist/$name.sha256" >&2

if command -v npm >/dev/null; then
  # The npm packages, with this binary in the platform package.
  mkdir -p dist/npm npm/linux-x64/bin
  cp "dist/$name" npm/linux-x64/bin/clerkctl
  (cd npm/linux-x64 && npm pack --silent --pack-destination ../../dist/npm >/dev/null)
  (cd npm/clerkctl && npm pack --silent --pack-destination ../../dist/npm >/dev/null)
  ls -1 dist/npm/*"$version".tgz >&2
else
  echo "note: npm is not on PATH; the npm tarballs were not made" >&2
fi

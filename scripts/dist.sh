#!/usr/bin/env bash
# Builds the static binary for SSH hosts with an old or missing glibc:
# x86_64-unknown-linux-musl, release profile, Cargo.lock as it is (--locked).
# Then checks that it is statically linked, runs it (--version, and a token
# made on the built-in sandbox from examples/token.toml), and prints its size.
#
#   scripts/dist.sh        # -> target/x86_64-unknown-linux-musl/release/impact-token
#
# Exits nonzero, saying what is missing and how to get it, when the musl
# target or a C compiler is not there; it never reports a binary it did not
# build and run.
set -euo pipefail

TARGET=x86_64-unknown-linux-musl
cd "$(dirname "$0")/.."
BIN="target/$TARGET/release/impact-token"

say() { printf 'dist: %s\n' "$*"; }
fail() {
	printf 'dist: error: %s\n' "$*" >&2
	exit 1
}

# 1. The Rust standard library for the musl target.
if command -v rustup >/dev/null 2>&1; then
	# Read whole first: grep -q closing the pipe early would fail pipefail.
	installed=$(rustup target list --installed)
	if ! grep -qx "$TARGET" <<<"$installed"; then
		say "the $TARGET target is not installed; running: rustup target add $TARGET"
		rustup target add "$TARGET" ||
			fail "missing: Rust's standard library for $TARGET.
  Get it with:  rustup target add $TARGET
  It downloads from static.rust-lang.org. Without that access, copy the
  directory $(rustc --print sysroot)/lib/rustlib/$TARGET
  from a machine with the same toolchain ($(rustc --version)), or run this
  script there."
	fi
elif ! rustc --print target-libdir --target "$TARGET" >/dev/null 2>&1 ||
	[ ! -d "$(rustc --print target-libdir --target "$TARGET")" ]; then
	fail "missing: Rust's standard library for $TARGET, and rustup is not here to add it.
  Install the toolchain with rustup (https://rustup.rs), then: rustup target add $TARGET"
fi

# 2. A C compiler for ring (the TLS crypto), which builds C and assembly for
# the target. The cc crate looks for x86_64-linux-musl-gcc; Debian's
# musl-tools names it musl-gcc, and plain gcc works too (Rust links its own
# musl C runtime, so ring needs no musl headers beyond what gcc has).
CC_VAR=CC_x86_64_unknown_linux_musl
if [ -n "${CC_x86_64_unknown_linux_musl:-}" ]; then
	say "C compiler for ring: $CC_VAR=${CC_x86_64_unknown_linux_musl} (from the environment)"
elif command -v x86_64-linux-musl-gcc >/dev/null 2>&1; then
	say "C compiler for ring: x86_64-linux-musl-gcc"
elif command -v musl-gcc >/dev/null 2>&1; then
	export CC_x86_64_unknown_linux_musl=musl-gcc
	say "x86_64-linux-musl-gcc is missing; setting $CC_VAR=musl-gcc for ring"
elif command -v gcc >/dev/null 2>&1; then
	export CC_x86_64_unknown_linux_musl=gcc
	say "x86_64-linux-musl-gcc is missing; setting $CC_VAR=gcc for ring"
else
	fail "missing: a C compiler for ring. Install one, e.g. on Debian or Ubuntu:
  apt-get install musl-tools    (musl-gcc)   or   apt-get install gcc"
fi

# 3. Build.
say "cargo build --locked --release --target $TARGET"
start=$(date +%s)
cargo build --locked --release --target "$TARGET"
secs=$(($(date +%s) - start))
say "built in ${secs} s: $BIN"
[ -x "$BIN" ] || fail "cargo reported success but $BIN is not there"

# 4. Statically linked: file(1) and ldd(1) must agree when present.
if command -v file >/dev/null 2>&1; then
	kind=$(file -b "$BIN")
	say "file: $kind"
	case "$kind" in
	*"statically linked"* | *"static-pie linked"*) ;;
	*) fail "$BIN is not statically linked (file: $kind)" ;;
	esac
fi
if command -v ldd >/dev/null 2>&1; then
	# ldd exits nonzero on a static binary; its words are what count.
	deps=$(ldd "$BIN" 2>&1 || true)
	say "ldd: $deps"
	case "$deps" in
	*"not a dynamic executable"* | *"statically linked"*) ;;
	*) fail "$BIN loads shared libraries: $deps" ;;
	esac
fi
if ! command -v file >/dev/null 2>&1 && ! command -v ldd >/dev/null 2>&1; then
	fail "cannot check static linking: neither file nor ldd is installed"
fi

# 5. Run it, in a throwaway HOME so no config, log or draft of yours is touched.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
run() {
	env -i PATH="$PATH" HOME="$home" XDG_CONFIG_HOME="$home/config" \
		XDG_STATE_HOME="$home/state" XDG_DATA_HOME="$home/data" "$BIN" "$@"
}
version=$(run --version) || fail "$BIN --version failed"
say "--version: $version"
case "$version" in
impact-token\ *) ;;
*) fail "unexpected --version output: $version" ;;
esac
out=$(run create --spec examples/token.toml --yes --sandbox --show-secret) ||
	fail "$BIN create --spec examples/token.toml --yes --sandbox --show-secret failed"
printf '%s\n' "$out" | grep -q '^Created token' || fail "no token created: $out"
printf '%s\n' "$out" | grep -q 'Auth Token' || fail "no secret printed: $out"
say "create --spec examples/token.toml --yes --sandbox --show-secret: $(printf '%s\n' "$out" | head -n1) (sandbox secret printed)"

# 6. Size.
bytes=$(wc -c <"$BIN")
say "size: $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f MiB", b / 1048576 }'))"
say "copy it to a host: scp $BIN HOST:impact-token && ssh -t HOST ./impact-token"

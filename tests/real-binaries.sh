#!/bin/bash
# real-binaries.sh - weft on existing multi-threaded programs it was not written for: pigz -p 2,
# zstd -T2 and xz -T2 compress a 50 MB semi-compressible file natively and under `weft run --json`.
# The compressed outputs must be byte-identical, the runs must succeed (no crash), and the reports
# must hold no finding (tests/e2e/real-binary.expect, checked by build/tests/expect).
#
# Prints one PASS/FAIL/SKIP line per check (tests/run-all counts them). Installs pigz, zstd and
# xz-utils with apt-get when missing (root only); prints SKIP when that is impossible. Work files go
# to a private directory under $WEFT_TEST_OUT (set by run-all) or build/test-out; the 50 MB input
# and the outputs are removed at the end, the reports and stderr files kept.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
B=$ROOT/build
WEFT=$B/bin/weft
EXPECT=$B/tests/expect
SPEC=tests/e2e/real-binary.expect
# A private directory: two test runs in one tree must not share (or regenerate) the input.
mkdir -p "$B/test-out"
DIR=$(mktemp -d "${WEFT_TEST_OUT:-$B/test-out}/real.XXXXXX") || exit 1
SIZE=$((50 * 1000 * 1000))
TIMEOUT=600        # per compression run: xz -T2 on 50 MB takes tens of seconds natively

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
skip() { echo "SKIP $*"; }

need=()
command -v pigz >/dev/null || need+=(pigz)
command -v zstd >/dev/null || need+=(zstd)
command -v xz >/dev/null || need+=(xz-utils)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends "${need[@]}"; } >/dev/null 2>&1
	fi
	for p in pigz zstd xz; do
		if ! command -v $p >/dev/null; then
			skip "real binaries: $p is not installed and cannot be (need root and apt-get: ${need[*]})"
			exit 0
		fi
	done
fi
if [ ! -x "$WEFT" ] || [ ! -x "$EXPECT" ]; then
	fail "real binaries: $WEFT or $EXPECT is missing (make)"
	exit 0
fi

mkdir -p "$DIR"
input=$DIR/input.bin
# Semi-compressible: a counter column (compresses well) next to base64 of random bytes (compresses
# to about 3/4), 50 MB in all. Native and weft runs read the same file.
paste -d ' ' <(seq 1 2000000) <(head -c 40000000 /dev/urandom | base64 -w 36) | head -c $SIZE >"$input"
if [ "$(stat -c %s "$input" 2>/dev/null)" != $SIZE ]; then
	fail "real binaries: could not make the 50 MB input"
	exit 0
fi

# compress TAG CMD...: native, then under weft; compares outputs and checks the report.
compress() {
	local tag=$1 name st_native st_weft t0 t1 t2
	shift
	name="$*"
	rm -f "$DIR/$tag".*
	t0=$(date +%s%N)
	timeout -k 5 $TIMEOUT "$@" <"$input" >"$DIR/$tag.native" 2>"$DIR/$tag.native.err"
	st_native=$?
	t1=$(date +%s%N)
	(cd "$DIR" && exec timeout -k 5 $TIMEOUT "$WEFT" run --json "$DIR/$tag.json" -- "$@") \
		<"$input" >"$DIR/$tag.weft" 2>"$DIR/$tag.weft.err"
	st_weft=$?
	t2=$(date +%s%N)
	local times="native $(((t1 - t0) / 1000000)) ms, weft run $(((t2 - t1) / 1000000)) ms"
	if [ $st_native -ne 0 ]; then
		fail "$name: fails natively (exit $st_native)"
		tail -3 "$DIR/$tag.native.err" | sed 's/^/    /'
		return
	fi
	if [ $st_weft -ne 0 ]; then
		fail "$name: under weft run exits $st_weft (natively 0; $times)"
		tail -5 "$DIR/$tag.weft.err" | sed 's/^/    /'
	elif cmp -s "$DIR/$tag.native" "$DIR/$tag.weft"; then
		pass "$name: identical output under weft run ($(stat -c %s "$DIR/$tag.native") bytes; $times)"
	else
		fail "$name: output differs under weft run ($times)"
	fi
	local reports=("$DIR/$tag.json") f
	for f in "$DIR/$tag".*.json; do
		[ -e "$f" ] && reports+=("$f")
	done
	"$EXPECT" --name "$name: report" --exit $st_weft "$SPEC" "${reports[@]}"
	rm -f "$DIR/$tag.native" "$DIR/$tag.weft"
}

compress pigz pigz -p 2 -c
compress zstd zstd -T2 -c -q
compress xz xz -T2 -c
rm -f "$input"

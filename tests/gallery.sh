#!/bin/bash
# gallery.sh - end-to-end tests of the gallery (samples/gallery/, docs/tutorial.md), run by
# tests/run-all; prints one PASS/FAIL/SKIP line per test.
#
#   tests/gallery.sh [PATTERN...]   only the samples whose name matches a shell pattern
#
# Every samples/gallery/NAME.c states in its header (tests/README.md, "The gallery") the weft
# command that finds its bug and what it must find; its NAME_fixed.c twin states that the same
# command finds nothing.
#   weft: run          build/bin/weft run --json FILE -- build/samples/gallery/NAME ARGS, checked by
#                      build/tests/expect against the JSON report (plain or weft-cc build: Makefile)
#   weft: explore      build/bin/weft explore --strategy S --runs N --seed 1 --json FILE -- PROG ARGS
#                      for each S of "explore-strategies: S...", N from "explore-budget: N";
#                      "explore-expect: KIND" (failure.kind of the report, exit 66) or "none" (all N
#                      runs pass, exit 0). SKIPped with a message when `weft explore` is missing.
# Outputs stay in $WEFT_TEST_OUT/gallery/ (set by tests/run-all) or build/test-out/gallery/.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
B=$ROOT/build
WEFT=$B/bin/weft
EXPECT=$B/tests/expect
VERDICT=$B/tests/explore_verdict
OUT=${WEFT_TEST_OUT:-$B/test-out}/gallery
DEFAULT_TIMEOUT=${WEFT_TEST_TIMEOUT:-30}
mkdir -p "$OUT"
unset WEFT_OPTIONS LD_PRELOAD

indent() { sed 's/^/    /'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
timed_out() { [ "$1" = 124 ] || [ "$1" = 137 ]; }

# header_value KEY SRC: the value of the header line " * KEY: VALUE" (first comment block).
header_value() {
	sed -n '1,/\*\//{s/^ \* '"$1"': *//p}' "$2" | head -1
}

patterns=("$@")
selected() {
	local p
	[ ${#patterns[@]} -eq 0 ] && return 0
	for p in "${patterns[@]}"; do
		# shellcheck disable=SC2053
		[[ $1 == $p || gallery/$1 == $p ]] && return 0
	done
	return 1
}

# weft run, then the checker on the JSON report.
run_one() {
	local src=$1 name=$2 bin=$3 dir=$4 label="gallery/$2 [run]" tmo args st t0 t1 out
	tmo=$("$EXPECT" --query timeout "$src")
	[ "$tmo" = 0 ] && tmo=$DEFAULT_TIMEOUT
	args=$("$EXPECT" --query args "$src")
	t0=$(now_ms)
	# shellcheck disable=SC2086
	(cd "$dir" && exec timeout -k 5 "$tmo" "$WEFT" run --json "$dir/report.json" -- "$bin" $args) \
		>"$dir/stdout" 2>"$dir/stderr" </dev/null
	st=$?
	t1=$(now_ms)
	if timed_out $st; then
		echo "FAIL $label: timed out after ${tmo}s (a hang)"
		tail -5 "$dir/stderr" | indent
		return
	fi
	local reports=("$dir/report.json") f
	for f in "$dir"/report.*.json; do
		[ -e "$f" ] && reports+=("$f")
	done
	if out=$("$EXPECT" --name "$label" --exit "$st" --elapsed-ms $((t1 - t0)) \
		--stdout "$dir/stdout" "$src" "${reports[@]}" 2>&1); then
		echo "$out"
	else
		echo "$out"
		echo "    (outputs in ${dir#"$ROOT"/}; last lines of stderr:)"
		tail -8 "$dir/stderr" | indent
	fi
}

# weft explore, once per strategy of the header, seed 1; the verdict comes from its JSON report
# ("runs", "failure"), read by build/tests/explore_verdict.
explore_one() {
	local src=$1 name=$2 bin=$3 dir=$4 strategies budget want args tmo st label got s
	strategies=$(header_value explore-strategies "$src")
	budget=$(header_value explore-budget "$src")
	want=$(header_value explore-expect "$src")
	args=$(header_value args "$src")
	tmo=$(header_value timeout "$src")
	if [ -z "$strategies" ] || [ -z "$budget" ] || [ -z "$want" ]; then
		echo "FAIL gallery/$name: header needs explore-strategies, explore-budget and explore-expect"
		return
	fi
	for s in $strategies; do
		label="gallery/$name [explore --strategy $s --runs $budget]"
		if ! "$WEFT" explore --help >/dev/null 2>&1; then
			echo "SKIP $label: waiting for weft explore (\`weft explore --help\` fails in this build)"
			continue
		fi
		mkdir -p "$dir/$s"
		# shellcheck disable=SC2086
		(cd "$dir/$s" && exec timeout -k 5 "${tmo:-$DEFAULT_TIMEOUT}" "$WEFT" explore --strategy "$s" \
			--runs "$budget" --seed 1 --json "$dir/$s/report.json" --out "$dir/$s/schedules" \
			-- "$bin" $args) >"$dir/$s/stdout" 2>"$dir/$s/stderr" </dev/null
		st=$?
		if timed_out $st; then
			echo "FAIL $label: timed out (a hang)"
			continue
		fi
		got=$("$VERDICT" "$dir/$s/report.json" 2>&1)
		if [ "$want" = none ] && [ "$st" = 0 ] && [ "$got" = "runs=$budget failure=none" ]; then
			echo "PASS $label: $budget runs, none failed"
		elif [ "$want" != none ] && [ "$st" = 66 ] && [[ $got == *" failure=$want" ]]; then
			echo "PASS $label: a failing run ($want), ${got%% *}"
		else
			echo "FAIL $label: expected explore-expect $want, got exit $st, $got"
			echo "    (outputs in ${dir#"$ROOT"/}/$s; last lines of stderr:)"
			tail -5 "$dir/$s/stderr" | indent
		fi
	done
}

if [ ! -x "$EXPECT" ] || [ ! -x "$WEFT" ] || [ ! -x "$VERDICT" ]; then
	echo "FAIL gallery: $EXPECT, $VERDICT or $WEFT is missing (make)"
	exit 1
fi
for src in samples/gallery/*.c; do
	name=$(basename "$src" .c)
	selected "$name" || continue
	bin=$B/samples/gallery/$name
	dir=$OUT/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	if [ ! -x "$bin" ]; then
		echo "FAIL gallery/$name: $bin is missing (make)"
		continue
	fi
	case $(header_value weft "$src") in
	run) run_one "$src" "$name" "$bin" "$dir" ;;
	explore) explore_one "$src" "$name" "$bin" "$dir" ;;
	*) echo "FAIL gallery/$name: its header needs \"weft: run\" or \"weft: explore\"" ;;
	esac
	# every buggy sample has a fixed twin
	case $name in
	*_fixed) ;;
	*) [ -e "samples/gallery/${name}_fixed.c" ] || [ "$(header_value expect "$src")" = none ] ||
		echo "FAIL gallery/$name: no samples/gallery/${name}_fixed.c" ;;
	esac
done

#!/bin/bash
# explore.sh - end-to-end tests of weft explore and weft replay on samples/explore_*.c.
#
# Each sample states in its header: `weft: explore`, `explore-strategies: S...`, `explore-budget: N`
# (runs) and `explore-expect: KIND|none` (tests/README.md). For each strategy: weft explore must
# exit 66 and report failure.kind KIND in its JSON (or exit 0 with "failure": null for none) within
# the budget; a failing schedule must replay (weft replay exits 66 with the same kind, twice) and a
# replay with other arguments must be refused. A sample with `explore-confirm: confirmed|not-confirmed`
# is also run by `weft run` (ASLR on) and its report handed to `weft explore --confirm`: "confirm"
# must say so, and a confirmed deadlock must replay. Verdicts come from the JSON. One PASS/FAIL per
# check. `explore-max-preemptions: N`: the shrunk schedule keeps at most N preemptions.
set -u
cd "$(dirname "$0")/.." || exit 1
B=$PWD/build
WEFT=$B/bin/weft
OUT=${WEFT_TEST_OUT:-$(mktemp -d)}/explore
mkdir -p "$OUT"
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
hdr() { sed -n "s/^ \* $1: *//p" "$2" | head -1; }
# failure kind in a JSON report written by explore/replay ("none" for null)
VERDICT=$B/tests/explore_verdict
kind_of() {
	"$VERDICT" --kind "$1" 2>/dev/null || echo "unreadable"
}

# confirmed, failure kind (or none) and edges reached of an explore --confirm report
confirm_of() {
	"$VERDICT" --confirm "$1" 2>/dev/null || echo "unreadable"
}

confirm_check() {
	local name=$1 want=$2 d=$OUT/$1.confirm
	rm -rf "$d"
	mkdir -p "$d"
	timeout -k 5 60 "$WEFT" run --json "$d/run.json" -- "$B/samples/$name" >"$d/run.out" 2>&1 </dev/null
	timeout -k 5 300 "$WEFT" explore --quiet --confirm "$d/run.json" --runs 200 --out "$d" --json "$d/explore.json" \
		-- "$B/samples/$name" >"$d/stdout" 2>"$d/stderr" </dev/null
	local rc=$? got
	got=$(confirm_of "$d/explore.json")
	case "$want:$rc:$got" in
	confirmed:66:"confirmed deadlock "* | not-confirmed:0:"not-confirmed none "[1-9]*)
		pass "$name [confirm]: $want ($got edges reached)" ;;
	*)
		fail "$name [confirm]: expected $want, got exit $rc, $got"
		tail -3 "$d/stderr" | sed 's/^/    /'
		return ;;
	esac
	# the same with the inversion found by exploring (--confirm found) instead of weft run's report
	timeout -k 5 300 "$WEFT" explore --quiet --confirm found --runs 200 --out "$d/found" --json "$d/found.json" \
		-- "$B/samples/$name" >"$d/found.stdout" 2>"$d/found.stderr" </dev/null
	rc=$?
	got=$(confirm_of "$d/found.json")
	case "$want:$rc:$got" in
	confirmed:66:"confirmed deadlock "* | not-confirmed:0:"not-confirmed none "[1-9]*)
		pass "$name [confirm found]: $want" ;;
	*)
		fail "$name [confirm found]: expected $want, got exit $rc, $got" ;;
	esac
	[ "$want" = confirmed ] || return
	local sched
	sched=$(ls "$d"/*.schedule 2>/dev/null | head -1)
	timeout -k 5 60 "$WEFT" replay --quiet --json "$d/replay.json" "$sched" >"$d/replay.out" 2>&1 </dev/null
	if [ $? -eq 66 ] && [ "$(kind_of "$d/replay.json")" = deadlock ]; then
		pass "$name [confirm]: the confirming schedule replays the deadlock"
	else
		fail "$name [confirm]: the confirming schedule does not replay the deadlock"
	fi
}

for src in samples/explore_*.c; do
	name=$(basename "$src" .c)
	[ $# -gt 0 ] && ! [[ " $* " == *" $name "* ]] && continue
	[ "$(hdr weft "$src")" = explore ] || { fail "$name: no 'weft: explore' header"; continue; }
	budget=$(hdr explore-budget "$src")
	want=$(hdr explore-expect "$src")
	cwant=$(hdr explore-confirm "$src")
	[ -n "$cwant" ] && confirm_check "$name" "$cwant"
	for st in $(hdr explore-strategies "$src"); do
		d=$OUT/$name.$st
		rm -rf "$d"
		mkdir -p "$d"
		timeout -k 5 300 "$WEFT" explore --quiet --strategy "$st" --runs "$budget" --out "$d" --json "$d/explore.json" \
			-- "$B/samples/$name" >"$d/stdout" 2>"$d/stderr" </dev/null
		st_exit=$?
		got=$(kind_of "$d/explore.json")
		if [ "$want" = none ]; then
			if [ $st_exit -eq 0 ] && [ "$got" = none ]; then
				pass "$name [$st]: no failure in $budget runs"
			else
				fail "$name [$st]: expected no failure, got exit $st_exit, failure $got"
				tail -3 "$d/stderr" | sed 's/^/    /'
			fi
			continue
		fi
		if [ $st_exit -ne 66 ] || [ "$got" != "$want" ]; then
			fail "$name [$st]: expected $want within $budget runs, got exit $st_exit, failure $got"
			tail -3 "$d/stderr" | sed 's/^/    /'
			continue
		fi
		pass "$name [$st]: $want found"
		# every preemption left carries the symbolized stack of the thread switched out
		ps=$("$VERDICT" --preemptions "$d/explore.json" 2>/dev/null)
		if [ -n "$ps" ] && [ "${ps% *}" = "${ps#* }" ]; then
			pass "$name [$st]: symbolized stacks for all ${ps#* } preemption(s)"
		else
			fail "$name [$st]: preemptions with a symbolized stack: ${ps:-?} (with, of)"
		fi
		maxp=$(hdr explore-max-preemptions "$src")
		if [ -n "$maxp" ]; then
			np=$("$VERDICT" --preemptions "$d/explore.json" 2>/dev/null)
			np=${np#* }
			if [ -n "$np" ] && [ "$np" -le "$maxp" ]; then
				pass "$name [$st]: shrunk to $np preemption(s) (at most $maxp)"
			else
				fail "$name [$st]: shrunk to ${np:-?} preemptions, expected at most $maxp"
			fi
		fi
		sched=$(ls "$d"/*.schedule 2>/dev/null | head -1)
		if [ -z "$sched" ]; then
			fail "$name [$st]: no schedule file saved"
			continue
		fi
		ok=1
		for i in 1 2; do
			timeout -k 5 60 "$WEFT" replay --quiet --json "$d/replay$i.json" "$sched" >"$d/replay$i.out" 2>&1 </dev/null
			r=$?
			rk=$(kind_of "$d/replay$i.json")
			[ $r -eq 66 ] && [ "$rk" = "$want" ] || { ok=0; fail "$name [$st]: replay $i: exit $r, failure $rk"; }
		done
		[ $ok = 1 ] && pass "$name [$st]: the (shrunk) schedule replays the $want, twice"
		timeout -k 5 60 "$WEFT" replay --quiet "$sched" -- "$B/samples/$name" extra-arg >"$d/mismatch.out" 2>&1 </dev/null
		if [ $? -eq 2 ] && grep -q "other arguments" "$d/mismatch.out"; then
			pass "$name [$st]: replay with other arguments is refused"
		else
			fail "$name [$st]: replay with other arguments was not refused"
		fi
	done
done

# --format/--output: the report of the failing run in a CI format, from explore and from replay
d=$OUT/format
mkdir -p "$d"
timeout -k 5 300 "$WEFT" explore --quiet --seed 1 --runs 200 --out "$d" --format junit --output "$d/explore.xml" \
	-- "$B/samples/explore_abba" >/dev/null 2>"$d/stderr" </dev/null
rc=$?
if [ $rc -eq 66 ] && grep -q '<testsuite name="weft"' "$d/explore.xml" && grep -q '<failure' "$d/explore.xml"; then
	pass "explore --format junit: the failing run as a JUnit failure"
else
	fail "explore --format junit: exit $rc; $(head -c 200 "$d/explore.xml" 2>/dev/null)"
fi
sched=$(ls "$d"/*.schedule 2>/dev/null | head -1)
timeout -k 5 60 "$WEFT" replay --quiet --format sarif --output "$d/replay.sarif" "$sched" >/dev/null 2>&1 </dev/null
rc=$?
if [ $rc -eq 66 ] && grep -q '"version": "2.1.0"' "$d/replay.sarif"; then
	pass "replay --format sarif: the replayed failure as SARIF"
else
	fail "replay --format sarif: exit $rc"
fi
timeout -k 5 60 "$WEFT" explore --format nope -- "$B/samples/explore_abba" >/dev/null 2>"$d/bad.err" </dev/null
if [ $? -eq 2 ] && grep -q "format needs" "$d/bad.err"; then
	pass "explore --format with an unknown format: usage error"
else
	fail "explore --format nope was not refused"
fi

# the report of a failing run names a happens-before trace saved beside its schedule, so the viewer
# can show who held which lock at each step
t=$(ls "$OUT"/format/*.trace 2>/dev/null | head -1)
if [ -n "$t" ] && [ -s "$t" ] && head -c 8 "$t" | grep -q WEFTTRC1; then
	pass "explore: the failing run's trace is saved beside its schedule"
else
	fail "explore: no trace beside the saved schedule"
fi

# --shard I/N across CI jobs, then --merge: one verdict, the runs of all shards counted
d=$OUT/shards
mkdir -p "$d"
for k in 0 1 2; do
	timeout -k 5 300 "$WEFT" explore --quiet --seed 1 --runs 30 --shard $k/3 --out "$d/o$k" --json "$d/ok$k.json" \
		-- "$B/samples/explore_abba_fixed" >/dev/null 2>&1 </dev/null
done
timeout -k 5 300 "$WEFT" explore --quiet --seed 1 --runs 60 --shard 1/3 --out "$d/bad" --json "$d/bad.json" \
	-- "$B/samples/explore_abba" >/dev/null 2>&1 </dev/null
"$WEFT" explore --merge --json "$d/merged-ok.json" "$d"/ok0.json "$d"/ok1.json "$d"/ok2.json >/dev/null 2>"$d/merge-ok.err"
r1=$?
"$WEFT" explore --merge --json "$d/merged-bad.json" "$d/ok0.json" "$d/bad.json" >/dev/null 2>"$d/merge-bad.err"
r2=$?
v1=$("$VERDICT" "$d/merged-ok.json" 2>/dev/null)
k2=$(kind_of "$d/merged-bad.json")
if [ $r1 -eq 0 ] && [ "$v1" = "runs=30 failure=none" ] && [ $r2 -eq 66 ] && [ "$k2" = deadlock ]; then
	pass "explore --merge: 3 clean shards pass with 30 runs; a failing shard fails the merge"
else
	fail "explore --merge: clean exit $r1 ($v1), with a failing shard exit $r2 ($k2)"
fi
"$WEFT" explore --merge "$d/missing.json" >/dev/null 2>"$d/merge-missing.err"
if [ $? -eq 2 ] && grep -q "missing.json" "$d/merge-missing.err"; then
	pass "explore --merge: an unreadable report is a usage error naming it"
else
	fail "explore --merge: an unreadable report was not refused"
fi

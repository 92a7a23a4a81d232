#!/bin/bash
# weft-cc.sh - weft-cc / weft-c++ as drop-in compilers, with gcc and with clang (tests/weftcc/):
# one command for several sources, -c then link, -shared libraries, `make CC=weft-cc` on an
# ordinary Makefile, C++ through weft-c++, and an instrumented plugin dlopen'ed by a plain
# program. Every build must find its races, checked by build/tests/expect against the JSON
# report, standalone (./prog writes its report) and under `weft run`. Run by tests/run-all; prints
# one PASS/FAIL/SKIP line per test.
#   tests/weft-cc.sh
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
B=$ROOT/build
WEFT=$B/bin/weft
WCC=$B/bin/weft-cc
WCXX=$B/bin/weft-c++
EXPECT=$B/tests/expect
FIX=$ROOT/tests/weftcc
OUT=${WEFT_TEST_OUT:-$B/test-out}/weft-cc
TMO=${WEFT_TEST_TIMEOUT:-30}
rm -rf "$OUT"
mkdir -p "$OUT"
unset WEFT_OPTIONS LD_PRELOAD WEFT_CC WEFT_CXX

indent() { sed 's/^/    /'; }

# check LABEL DIR SRC [EXTRA-ARGS...]: DIR holds stdout, the exit status and report.json of a run.
check() {
	local label=$1 dir=$2 src=$3 st
	st=$(cat "$dir/status")
	if [ "$st" = 124 ] || [ "$st" = 137 ]; then
		echo "FAIL $label: timed out (a hang)"
		return
	fi
	"$EXPECT" --name "$label" --exit "$st" --stdout "$dir/stdout" "$src" "$dir/report.json" 2>&1 ||
		{ echo "    (outputs in ${dir#"$ROOT"/}; last lines of stderr:)"; tail -5 "$dir/stderr" | indent; }
}

# run_standalone DIR PROG ARGS...: the program alone, its report in DIR/report.json.
run_standalone() {
	local dir=$1
	shift
	(cd "$dir" && exec timeout -k 5 "$TMO" env WEFT_OPTIONS="json=$dir/report.json" "$@") \
		>"$dir/stdout" 2>"$dir/stderr" </dev/null
	echo $? >"$dir/status"
}

# run_weft DIR PROG ARGS...: the same under weft run.
run_weft() {
	local dir=$1
	shift
	(cd "$dir" && exec timeout -k 5 "$TMO" "$WEFT" run --json "$dir/report.json" -- "$@") \
		>"$dir/stdout" 2>"$dir/stderr" </dev/null
	echo $? >"$dir/status"
}

# built LABEL LOG CMD...: run a build command; FAIL with its output when it fails.
built() {
	local label=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1 </dev/null; then
		return 0
	fi
	echo "FAIL $label: build failed: $*"
	tail -5 "$log" | indent
	return 1
}

# own_callbacks LABEL FILE: the module defines its own (hidden) access callbacks, so its loads and
# stores are direct calls (libweft_access.a linked in), not calls through the PLT.
own_callbacks() {
	if nm "$2" 2>/dev/null | grep -q ' t __tsan_write8$'; then
		return 0
	fi
	echo "FAIL $1: ${2##*/} has no callbacks of its own (libweft_access.a was not linked in)"
	return 1
}

for cc in gcc clang; do
	if ! command -v $cc >/dev/null; then
		echo "SKIP weft-cc [$cc]: $cc is not installed"
		continue
	fi
	cxx=g++
	[ $cc = clang ] && cxx=clang++
	export WEFT_CC=$cc WEFT_CXX=$cxx
	d=$OUT/$cc
	mkdir -p "$d"

	# a shared library, then one command compiling and linking two sources against it
	t="weft-cc [$cc]: two sources in one command, against a -shared library"
	w=$d/one
	mkdir -p "$w"
	if built "$t" "$w/build.log" "$WCC" -O1 -g -fPIC -shared -o "$w/libshared.so" "$FIX/libshared.c" &&
		built "$t" "$w/build.log" "$WCC" -O1 -g -o "$w/prog" "$FIX/main.c" "$FIX/counter.c" \
			-L"$w" -lshared -Wl,-rpath,"$w" -lpthread &&
		own_callbacks "$t" "$w/prog" && own_callbacks "$t" "$w/libshared.so"; then
		run_standalone "$w" ./prog
		check "$t, standalone" "$w" "$FIX/main.c"
		mkdir -p "$w/run"
		run_weft "$w/run" "$w/prog"
		check "$t, under weft run" "$w/run" "$FIX/main.c"
	fi

	# -c, then a separate link of the objects
	t="weft-cc [$cc]: -c, then linking the objects"
	w=$d/objects
	mkdir -p "$w"
	if built "$t" "$w/build.log" "$WCC" -O1 -g -c -o "$w/main.o" "$FIX/main.c" &&
		built "$t" "$w/build.log" "$WCC" -O1 -g -c -o "$w/counter.o" "$FIX/counter.c" &&
		built "$t" "$w/build.log" "$WCC" -O1 -g -fPIC -c -o "$w/libshared.o" "$FIX/libshared.c" &&
		built "$t" "$w/build.log" "$WCC" -shared -o "$w/libshared.so" "$w/libshared.o" &&
		built "$t" "$w/build.log" "$WCC" -o "$w/prog" "$w/main.o" "$w/counter.o" -L"$w" -lshared \
			-Wl,-rpath,"$w" -lpthread &&
		own_callbacks "$t" "$w/prog"; then
		run_standalone "$w" ./prog
		check "$t" "$w" "$FIX/main.c"
	fi

	# an ordinary Makefile with CC=weft-cc
	t="weft-cc [$cc]: make CC=weft-cc"
	w=$d/make
	mkdir -p "$w"
	cp "$FIX/Makefile" "$FIX/main.c" "$FIX/counter.c" "$FIX/libshared.c" "$w/"
	if built "$t" "$w/build.log" make -C "$w" CC="$WCC" && own_callbacks "$t" "$w/prog"; then
		run_standalone "$w" ./prog
		check "$t" "$w" "$FIX/main.c"
	fi

	# C++ through weft-c++: the race, and its fixed twin silent
	t="weft-c++ [$cxx]: a data race on a heap object's member"
	w=$d/cxx
	mkdir -p "$w/fixed"
	if built "$t" "$w/build.log" "$WCXX" -O1 -g -std=c++17 -o "$w/account" "$FIX/account.cc" -pthread; then
		run_standalone "$w" ./account
		check "$t" "$w" "$FIX/account.cc"
	fi
	t="weft-c++ [$cxx]: the same under a std::mutex"
	if built "$t" "$w/fixed/build.log" "$WCXX" -O1 -g -std=c++17 -DWEFT_FIXED -o "$w/fixed/account" \
		"$FIX/account.cc" -pthread; then
		run_standalone "$w/fixed" ./account
		check "$t" "$w/fixed" "$FIX/account_fixed.expect"
	fi

	# C++ heap churn through operator new/delete, then a read after delete
	t="weft-c++ [$cxx]: 2 million new/delete, then a read racing with delete"
	w=$d/freed
	mkdir -p "$w"
	if built "$t" "$w/build.log" "$WCXX" -O1 -g -std=c++17 -o "$w/freed" "$FIX/freed.cc" -pthread; then
		run_standalone "$w" ./freed
		if grep -q "heap block table full" "$w/stderr"; then
			echo "FAIL $t: deleted blocks stay in the heap table (\"heap block table full\")"
		else
			check "$t" "$w" "$FIX/freed.cc"
		fi
	fi

	# a plugin built with weft-cc, dlopen'ed by a program built with plain cc
	t="weft-cc [$cc]: a -shared plugin dlopen'ed by an uninstrumented program"
	w=$d/plugin
	mkdir -p "$w/alone"
	if built "$t" "$w/build.log" "$WCC" -O1 -g -fPIC -shared -o "$w/libshared.so" "$FIX/libshared.c" &&
		built "$t" "$w/build.log" $cc -O1 -g -o "$w/host" "$FIX/host.c" -ldl -lpthread; then
		run_weft "$w" "$w/host" "$w/libshared.so"
		check "$t, under weft run" "$w" "$FIX/host.c"
		# alone, the plugin's libweft.so arrives too late to see the program's pthread calls: it
		# must say so and check nothing (no race reported without the program's synchronisation)
		run_standalone "$w/alone" "$w/host" "$w/libshared.so"
		st=$(cat "$w/alone/status")
		if [ "$st" = 0 ] && grep -q "loaded after the program started (by dlopen)" "$w/alone/stderr" &&
			! grep -q "data race" "$w/alone/stderr"; then
			echo "PASS $t, alone: says it was loaded by dlopen and checks nothing (exit 0)"
		else
			echo "FAIL $t, alone: expected exit 0 and the dlopen message, got exit $st"
			tail -5 "$w/alone/stderr" | indent
		fi
	fi
done
unset WEFT_CC WEFT_CXX

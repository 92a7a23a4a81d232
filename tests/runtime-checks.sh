#!/bin/bash
# runtime-checks.sh - checks of the runtime that are not samples: exported symbols, suppressions,
# modules loaded with dlopen, errno and return values passed through, bad WEFT_OPTIONS.
# Prints one PASS/FAIL line per check (tests/run-all counts them). Verdicts on findings come from
# the JSON report through build/tests/expect.
set -u
cd "$(dirname "$0")/.." || exit 1
B=$PWD/build
WEFT=$B/bin/weft
LIB=$B/lib/weft/libweft.so
EXPECT=$B/tests/expect
T=$(mktemp -d "${TMPDIR:-/tmp}/weft-rtcheck.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }

# 1. Only interceptors and the compiler-callback ABI leave libweft.so: no internal module name.
leaked=$(nm -D --defined-only "$LIB" | awk '{print $3}' |
	grep -vx 'sched_yield' | # the libc function, intercepted for explore mode
	grep -E '^(vc|hb|lock|obj|thread|stack|finding|report|lockgraph|deadlock|sym|rt|race|shadow|sched|real|cond|barrier|once)_' | head -5)
if [ -z "$leaked" ] && nm -D --defined-only "$LIB" | grep -qw pthread_mutex_lock; then
	pass "runtime exports: interceptors only"
else
	fail "runtime exports internal symbols: $leaked"
fi

# 2. Suppressions drop a finding by function name; the report counts it.
printf '# comment\ndeadlock:thread_ab\n' > "$T/supp"
printf 'weft: run\nexpect: none\nexpect-exit: 0\n' > "$T/none.spec"
timeout 30 "$WEFT" run --quiet --suppressions "$T/supp" --json "$T/s.json" -- "$B/samples/abba" > /dev/null 2>&1
st=$?
if "$EXPECT" --name suppressions --exit "$st" "$T/none.spec" "$T/s.json" > "$T/s.out" 2>&1 &&
	grep -q '"suppressed": 1' "$T/s.json"; then
	pass "suppressions: deadlock:thread_ab drops the inversion (summary.suppressed = 1)"
else
	fail "suppressions: $(cat "$T/s.out") (exit $st)"
fi
printf 'misuse:no_such_function\n' > "$T/supp2"
timeout 30 "$WEFT" run --quiet --suppressions "$T/supp2" --json "$T/s2.json" -- "$B/samples/abba" > /dev/null 2>&1
st=$?
printf 'weft: run\nexpect: lock-order-inversion\nexpect-exit: 66\n' > "$T/inv.spec"
if "$EXPECT" --exit "$st" "$T/inv.spec" "$T/s2.json" > "$T/s2.out" 2>&1; then
	pass "suppressions: a rule that does not match keeps the finding"
else
	fail "suppressions: non-matching rule: $(cat "$T/s2.out")"
fi

# 3. A lock-order inversion inside a module loaded with dlopen is symbolized.
cat > "$T/plug.c" <<'C'
#include <pthread.h>
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
void plug_ab(void) { pthread_mutex_lock(&a); pthread_mutex_lock(&b); pthread_mutex_unlock(&b); pthread_mutex_unlock(&a); }
void plug_ba(void) { pthread_mutex_lock(&b); pthread_mutex_lock(&a); pthread_mutex_unlock(&a); pthread_mutex_unlock(&b); }
C
cat > "$T/host.c" <<'C'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
	void *h = dlopen(argv[1], RTLD_NOW);
	if (!h) { fprintf(stderr, "%s\n", dlerror()); return 1; }
	((void (*)(void))dlsym(h, "plug_ab"))();
	((void (*)(void))dlsym(h, "plug_ba"))();
	puts("done");
	return 0;
}
C
if cc -g -O1 -fPIC -shared -o "$T/plug.so" "$T/plug.c" -lpthread && cc -g -O1 -o "$T/host" "$T/host.c" -ldl; then
	timeout 30 "$WEFT" run --quiet --json "$T/d.json" -- "$T/host" "$T/plug.so" > /dev/null 2>&1
	st=$?
	printf 'weft: run\nexpect: lock-order-inversion function=plug_ab function=plug_ba function=main\nexpect-exit: 66\n' > "$T/d.spec"
	if "$EXPECT" --exit "$st" "$T/d.spec" "$T/d.json" > "$T/d.out" 2>&1 && grep -q '"file": "[^"]*plug.c"' "$T/d.json"; then
		pass "dlopen: an inversion in a dlopen'ed module has its functions and source file"
	else
		fail "dlopen: $(cat "$T/d.out")"
	fi
else
	fail "dlopen: cannot build the test program"
fi

# 4. errno and return values pass through the interceptors unchanged.
cat > "$T/errno.c" <<'C'
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>
int main(void) {
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	sem_t s;
	int bad = 0;
	errno = 1234;
	if (pthread_mutex_lock(&m) != 0 || errno != 1234) bad |= 1;
	if (pthread_mutex_trylock(&m) != EBUSY || errno != 1234) bad |= 2;
	if (pthread_mutex_unlock(&m) != 0 || errno != 1234) bad |= 4;
	sem_init(&s, 0, 0);
	errno = 0;
	if (sem_trywait(&s) != -1 || errno != EAGAIN) bad |= 8;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	errno = 0;
	if (sem_timedwait(&s, &ts) != -1 || errno != ETIMEDOUT) bad |= 16;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	pthread_mutex_lock(&m);
	errno = 77;
	if (pthread_cond_timedwait(&c, &m, &ts) != ETIMEDOUT || errno != 77) bad |= 32;
	pthread_mutex_unlock(&m);
	printf("errno %s %d\n", bad ? "broken" : "ok", bad);
	return bad;
}
C
if cc -O1 -o "$T/errno" "$T/errno.c" -lpthread; then
	out=$(timeout 30 env LD_PRELOAD="$LIB" WEFT_OPTIONS="json=$T/e.json" "$T/errno" 2>&1)
	st=$?
	if [ "$st" = 0 ] && [ "$out" = "errno ok 0" ]; then
		pass "errno and return values pass through"
	else
		fail "errno and return values: exit $st, output: $out"
	fi
else
	fail "errno: cannot build the test program"
fi

# 5. A bad WEFT_OPTIONS entry gets one line naming it; the program runs on.
out=$(timeout 30 env LD_PRELOAD="$LIB" WEFT_OPTIONS="json=$T/o.json bogus=1 exitcode=x" "$B/samples/abba_fixed" 2>&1 >/dev/null)
if printf '%s\n' "$out" | grep -q "unknown option 'bogus'" && printf '%s\n' "$out" | grep -q "bad value 'x' for option 'exitcode'" && [ -s "$T/o.json" ]; then
	pass "WEFT_OPTIONS: bad entries named, the run goes on"
else
	fail "WEFT_OPTIONS: got: $out"
fi

# 6. Calls made before the runtime's constructor: a library constructor that runs first creates a
#    thread and takes two locks in both orders; weft must still see every call and the threads.
cat > "$T/early.c" <<'C'
#include <pthread.h>
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static void *early_worker(void *arg) {
	pthread_mutex_lock(&b); pthread_mutex_lock(&a); pthread_mutex_unlock(&a); pthread_mutex_unlock(&b);
	return arg;
}
__attribute__((constructor)) static void early_ctor(void) {
	pthread_t t;
	pthread_mutex_lock(&a); pthread_mutex_lock(&b); pthread_mutex_unlock(&b); pthread_mutex_unlock(&a);
	pthread_create(&t, 0, early_worker, 0);
	pthread_join(t, 0);
}
int early_value(void) { return 7; }
C
printf '#include <stdio.h>\nint early_value(void);\nint main(void) { printf("%%d\\n", early_value()); return 0; }\n' > "$T/early_main.c"
if cc -g -O1 -fPIC -shared -o "$T/libearly.so" "$T/early.c" -lpthread &&
	cc -g -O1 -o "$T/early_main" "$T/early_main.c" -L"$T" -learly -Wl,-rpath,"$T"; then
	timeout 30 "$WEFT" run --quiet --json "$T/early.json" -- "$T/early_main" > "$T/early.out" 2>&1
	st=$?
	printf 'weft: run\nexpect: lock-order-inversion function=early_ctor function=early_worker\nexpect-exit: 66\n' > "$T/early.spec"
	if "$EXPECT" --exit "$st" "$T/early.spec" "$T/early.json" > "$T/early.chk" 2>&1 && grep -qx 7 "$T/early.out"; then
		pass "before init: a library constructor's threads and locks are seen"
	else
		fail "before init: $(cat "$T/early.chk") (exit $st)"
	fi
else
	fail "before init: cannot build the test program"
fi

# 7. Programs built by clang (DWARF 5, no .debug_aranges) get file and line in their stacks.
if command -v clang > /dev/null 2>&1 && clang -g -O1 -o "$T/abba_clang" samples/abba.c -lpthread 2> /dev/null; then
	timeout 30 "$WEFT" run --quiet --json "$T/clang.json" -- "$T/abba_clang" > /dev/null 2>&1
	if grep -q '"function": "thread_ab", "file": "[^"]*abba.c", "line": [0-9]' "$T/clang.json"; then
		pass "clang-built program: stacks have source files and lines"
	else
		fail "clang-built program: no file:line in $(grep -m1 '"function": "thread_ab"' "$T/clang.json")"
	fi
else
	echo "SKIP clang-built program: clang is not installed"
fi

# 8. A child made by vfork shares the parent's memory: its exec must leave the parent's report alone.
cat > "$T/vf.c" <<'C'
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
	pthread_mutex_lock(&a); pthread_mutex_lock(&b); pthread_mutex_unlock(&b); pthread_mutex_unlock(&a);
	pthread_mutex_lock(&b); pthread_mutex_lock(&a); pthread_mutex_unlock(&a); pthread_mutex_unlock(&b);
	pid_t p = vfork();
	if (p == 0) { execl("/bin/true", "true", (char *)0); _exit(127); }
	waitpid(p, 0, 0);
	puts("ok");
	return 0;
}
C
if cc -g -O1 -o "$T/vf" "$T/vf.c" -lpthread; then
	timeout 30 "$WEFT" run --quiet --json "$T/vf.json" -- "$T/vf" > "$T/vf.out" 2>&1
	st=$?
	printf 'weft: run\nexpect: lock-order-inversion\nexpect-exit: 66\n' > "$T/vf.spec"
	if "$EXPECT" --exit "$st" "$T/vf.spec" "$T/vf.json" > "$T/vf.chk" 2>&1 && grep -qx ok "$T/vf.out"; then
		pass "vfork + exec: the parent's report keeps its finding"
	else
		fail "vfork + exec: $(cat "$T/vf.chk") (exit $st)"
	fi
else
	fail "vfork: cannot build the test program"
fi

# 9. halt_on_error: the first finding ends the program (standalone and under weft run), exit 66,
# "ended_by_weft" in the report, one finding only; a suppressed one does not end it.
printf 'weft: run\nexpect: data-race function=worker\nexpect-exit: 66\nexpect-ended-by-weft: yes\nexpect-reports: 1\n' > "$T/halt.spec"
timeout 30 env WEFT_OPTIONS="halt_on_error=1 json=$T/halt.json" "$B/samples/race_counter" > "$T/halt.out" 2>&1
st=$?
n=$(grep -c '"kind": "data-race"' "$T/halt.json" 2>/dev/null)
if "$EXPECT" --exit "$st" "$T/halt.spec" "$T/halt.json" > "$T/halt.chk" 2>&1 && [ "$n" = 1 ] &&
	! grep -q '^counter' "$T/halt.out"; then
	pass "halt_on_error=1: the first data race ends the program (exit 66, one finding)"
else
	fail "halt_on_error=1: $(cat "$T/halt.chk") (exit $st, $n findings)"
fi
timeout 30 "$WEFT" run --quiet --halt-on-error --json "$T/halt2.json" -- "$B/samples/race_counter" > "$T/halt2.out" 2>&1
st=$?
if "$EXPECT" --exit "$st" "$T/halt.spec" "$T/halt2.json" > "$T/halt2.chk" 2>&1; then
	pass "weft run --halt-on-error: ended at the first finding (exit 66)"
else
	fail "weft run --halt-on-error: $(cat "$T/halt2.chk") (exit $st)"
fi
printf 'race:worker\n' > "$T/halt.supp"
timeout 30 "$WEFT" run --quiet --halt-on-error --suppressions "$T/halt.supp" --json "$T/halt3.json" -- \
	"$B/samples/race_counter" > "$T/halt3.out" 2>&1
st=$?
if "$EXPECT" --exit "$st" "$T/none.spec" "$T/halt3.json" > "$T/halt3.chk" 2>&1; then
	pass "weft run --halt-on-error: a suppressed race does not end the program"
else
	fail "weft run --halt-on-error with the race suppressed: $(cat "$T/halt3.chk") (exit $st)"
fi

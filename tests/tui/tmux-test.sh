#!/bin/bash
# tmux-test.sh - drive the real `weft view` in a real terminal (tmux) and check what is on screen.
#
#   tests/tui/tmux-test.sh [WEFT]      (default build/bin/weft; run from anywhere)
#
# Checks: the list at 80x24, opening a deadlock (diagram and scenario), a frame's source line, the
# help, following a resize to 120x40, quitting with the terminal restored (exit 0, shell echo and
# canonical mode back), the crash handler (SIGSEGV inside the viewer: terminal restored, status
# 139), the C locale without colours (ASCII drawing), TERM=dumb and a pipe (one line on stderr, the text report, exit 0), and a bad report
# (one line, exit 2). Prints PASS/FAIL lines, SKIP when tmux is missing; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/../.." || exit 1
WEFT=${1:-build/bin/weft}
WEFT=$(cd "$(dirname "$WEFT")" && pwd)/$(basename "$WEFT")
failed=0
pass() { echo "PASS tmux: $*"; }
fail() { echo "FAIL tmux: $*"; failed=1; }

if [ ! -x "$WEFT" ]; then
	fail "no weft binary at $WEFT (make first)"
	exit 1
fi

# ---- without a terminal: no tmux needed ----
out=$(TERM=xterm "$WEFT" view tests/tui/mixed.json 2>/tmp/weft-tmux-test.$$.err </dev/null | cat)
st=$?
err=$(cat /tmp/weft-tmux-test.$$.err)
rm -f /tmp/weft-tmux-test.$$.err
if [ "$(echo "$err" | wc -l)" = 1 ] && [[ $err == *"not a terminal"*"text report"* ]] &&
	[[ $out == *"SUMMARY: weft: 4 findings"* ]] && [ $st = 0 ]; then
	pass "stdout not a terminal: one line on stderr, then the text report"
else
	fail "stdout not a terminal: stderr \"$err\", status $st"
fi
"$WEFT" view tests/tui/no-such-report.json >/dev/null 2>/tmp/weft-tmux-test.$$.err
st=$?
err=$(cat /tmp/weft-tmux-test.$$.err)
rm -f /tmp/weft-tmux-test.$$.err
if [ $st = 2 ] && [ "$(echo "$err" | wc -l)" = 1 ] && [[ $err == "weft view: "*"no-such-report.json"* ]]; then
	pass "missing report: one line, exit 2"
else
	fail "missing report: status $st, stderr \"$err\""
fi

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP tmux: tmux is not installed"
	exit $failed
fi

SOCK=weft-tmux-test-$$
T() { tmux -L "$SOCK" "$@"; }
cleanup() { tmux -L "$SOCK" kill-server >/dev/null 2>&1; }
trap cleanup EXIT

# Wait until the pane shows a string (up to 5 s); the screen is left in $screen.
screen=
wait_for() {
	local i
	for i in $(seq 50); do
		screen=$(T capture-pane -p -t "$1" 2>/dev/null)
		[[ $screen == *"$2"* ]] && return 0
		sleep 0.1
	done
	return 1
}
check() { # name target text
	if wait_for "$2" "$3"; then pass "$1"; else fail "$1: \"$3\" not on screen"; echo "$screen" | sed 's/^/    /'; fi
}

# The viewer runs in a shell that reports how it ended and whether the terminal is sane again.
START="env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8"
AFTER='echo "EXIT:$?"; stty -a | grep -q " icanon" && stty -a | grep -q " echo " && echo TTY-SANE; sleep 60'
T -f /dev/null new-session -d -s viewer -x 80 -y 24 "$START $WEFT view tests/tui/mixed.json; $AFTER"

check "list at 80x24" viewer "[findings]"
check "list shows the kinds" viewer "inversion"
T send-keys -t viewer j Enter
check "deadlock: the cycle diagram" viewer "waits for"
check "deadlock: the scenario" viewer "*** DEADLOCK ***"
check "deadlock: the wait stack" viewer "held by T2, at:"
T send-keys -t viewer Enter Enter
check "source view: the frame's line marked" viewer ">14 │"
T send-keys -t viewer '?'
check "help lists the keys" viewer "Move the selection down one line"
T send-keys -t viewer Escape
sleep 0.3
T send-keys -t viewer BSpace BSpace
check "back to the list" viewer "[findings]"
T resize-window -t viewer -x 120 -y 40
sleep 0.5
if wait_for viewer "[findings]" && [ "$(T display -p -t viewer '#{pane_width}x#{pane_height}')" = 120x40 ] &&
	echo "$screen" | grep -q '^\[findings\].\{100,\}? help$'; then
	pass "resize to 120x40: status bar spans the new width"
else
	fail "resize to 120x40"
	echo "$screen" | tail -3 | sed 's/^/    /'
fi
T send-keys -t viewer q
check "q quits with status 0" viewer "EXIT:0"
check "terminal restored after quit" viewer "TTY-SANE"

# The happens-before timeline from a report and trace written by the runtime.
T new-session -d -s timeline -x 80 -y 24 "$START $WEFT view tests/tui/timeline.json; $AFTER"
check "timeline: list" timeline "[findings]"
T send-keys -t timeline T
check "timeline: lanes and arrows" timeline "lock M1◀"
T send-keys -t timeline Enter
check "timeline: event details" timeline "vector-clock entry after it"
T send-keys -t timeline q
check "timeline: q quits with status 0" timeline "EXIT:0"
if [[ $screen == *"[findings]"* ]]; then fail "the viewer's screen is still shown after quit"; else pass "alternate screen left"; fi

# The crash handler: a SIGSEGV raised inside the viewer (test hook) restores the terminal first.
T new-session -d -s crash -x 80 -y 24 "$START WEFT_VIEW_CRASH_KEY=! $WEFT view tests/tui/mixed.json; $AFTER"
check "crash test: viewer up" crash "[findings]"
T send-keys -t crash '!'
check "crash: killed by SIGSEGV (status 139)" crash "EXIT:139"
check "crash: terminal restored" crash "TTY-SANE"

# Not a UTF-8 locale, no colours: ASCII line drawing, and still usable.
T new-session -d -s ascii -x 80 -y 24 "env TERM=xterm NO_COLOR=1 LANG=C LC_ALL=C $WEFT view tests/tui/deadlock.json; $AFTER"
check "C locale: viewer up" ascii "[findings]"
T send-keys -t ascii Enter
check "C locale: the cycle in ASCII" ascii "+--> M1 (mutex lock_a) <- holds --"
T send-keys -t ascii q
check "C locale: quits cleanly" ascii "TTY-SANE"

# TERM=dumb: one line, then the text report.
ERR=/tmp/weft-tmux-test.$$.dumb
T new-session -d -s dumb -x 100 -y 30 "env TERM=dumb $WEFT view tests/tui/deadlock.json 2>$ERR; echo EXIT:\$?; cat $ERR; sleep 60"
check "TERM=dumb: the text report on the terminal" dumb "SUMMARY: weft: 1 finding"
check "TERM=dumb: exit 0" dumb "EXIT:0"
check "TERM=dumb: one line on stderr says why" dumb "weft view: TERM=dumb; printing the text report instead"

# A terminal curses does not know: the same fallback, saying why.
T new-session -d -s unknown -x 100 -y 30 "env TERM=no-such-terminal $WEFT view tests/tui/deadlock.json 2>$ERR; echo EXIT:\$?; cat $ERR; sleep 60"
check "unknown TERM: text report, exit 0" unknown "EXIT:0"
check "unknown TERM: one line says why" unknown "cannot use the terminal (TERM=no-such-terminal); printing the text report instead"
rm -f "$ERR"

exit $failed

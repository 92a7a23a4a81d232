/* test_schedule_read.c - reading schedule files (cli/schedule.c, docs/schedule-format.md) as the
 * viewer does, and the schedule view's model (cli/tui/schedule_model.c): a good file with runs,
 * comments, unknown keys and percent-encoding; every corruption refused with one line naming it;
 * the steps, lanes, preemptions and locks held of the explored ABBA fixture (tests/tui). Prints
 * PASS/FAIL lines; exits 1 on a failure. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "schedule.h"
#include "trace_read.h"
#include "tui/schedule_model.h"

static int failures, passes;

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s ", ok ? "PASS" : "FAIL");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (ok)
		passes++;
	else
		failures++;
}

static char tmp[64];

static void write_file(const char *text)
{
	FILE *f = fopen(tmp, "w");
	fputs(text, f);
	fclose(f);
}

#define HEAD "weft-schedule 1\nprogram /bin/x%20y\nargc 2\narg x\narg %\n"

/* A corrupt file is refused with one line containing want. */
static void refused(const char *name, const char *text, const char *want)
{
	struct schedule s;
	char err[512] = "";
	write_file(text);
	int rc = schedule_read(tmp, &s, err, sizeof err);
	check(rc < 0 && strstr(err, want) && !strchr(err, '\n'), "corrupt: %s -> '%s'", name, err);
}

static void good_file(void)
{
	struct schedule s;
	char err[512] = "";
	write_file("# saved by a test\n" HEAD "strategy pct\nseed 7\nrun 3\nfailure deadlock\nnew-key later\n"
	           "preemptions 1\nsteps 6\n\ndecisions 0*2 1\ndecisions 2 1*2\nend\n");
	int rc = schedule_read(tmp, &s, err, sizeof err);
	check(rc == 0, "good file read (%s)", err);
	if (rc)
		return;
	check(!strcmp(s.program, "/bin/x y") && s.argc == 2 && !strcmp(s.argv[1], ""), "percent-decoding, empty arg");
	check(!strcmp(s.strategy, "pct") && s.seed == 7 && s.run == 3 && !strcmp(s.failure, "deadlock") &&
	      s.preemptions == 1, "strategy, seed, run, failure, preemptions");
	static const uint16_t want[] = {0, 0, 1, 2, 1, 1};
	check(s.n == 6 && !memcmp(s.decisions, want, sizeof want), "decisions: runs and several lines");
	schedule_free(&s);
}

static void corrupt_files(void)
{
	refused("empty", "", "empty file");
	refused("not a schedule", "hello 1\nend\n", "not a weft schedule");
	refused("version", "weft-schedule 2\nend\n", "version 2");
	refused("truncated", HEAD "steps 2\ndecisions 0 1\n", "truncated");
	refused("steps mismatch", HEAD "steps 3\ndecisions 0 1\nend\n", "'steps 3' but 2 decisions");
	refused("bad decision", HEAD "steps 1\ndecisions 0x\nend\n", "bad decision '0x'");
	refused("zero count", HEAD "steps 1\ndecisions 1*0\nend\n", "bad decision");
	refused("too many args", "weft-schedule 1\nprogram p\nargc 1\narg a\narg b\nend\n", "more 'arg' lines");
	refused("missing args", "weft-schedule 1\nprogram p\nargc 2\narg a\nsteps 0\nend\n", "missing arguments");
	refused("no program", "weft-schedule 1\nargc 0\nsteps 0\nend\n", "no program");
	struct schedule s;
	char err[512] = "";
	check(schedule_read("/nonexistent/x.schedule", &s, err, sizeof err) < 0 && strstr(err, "cannot read"),
	      "missing file -> '%s'", err);
}

/* The model on the fixture written by weft explore --seed 1 on samples/explore_abba. */
static void model(void)
{
	struct report *r = NULL;
	struct schedule s;
	struct trace_data *t = NULL;
	char err[512] = "";
	if (report_read_json_file("tests/tui/explore-abba.json", &r, err, sizeof err) < 0 ||
	    schedule_read("tests/tui/explore-abba.schedule", &s, err, sizeof err) < 0 ||
	    trace_read_file("tests/tui/explore-abba.bin", &t, err, sizeof err) < 0) {
		check(false, "model: fixtures (%s)", err);
		return;
	}
	struct schedule_model m;
	schedule_model_init(&m, &s, t, r);
	check(m.sched.n == 6 && m.nthreads == 3 && schedule_model_lane(&m, 2) == 2, "model: 6 steps, 3 lanes");
	check(m.steps[0].preemption < 0 && m.steps[3].preemption == 0 && m.steps[5].preemption == 2,
	      "model: preemptions at steps 3, 4, 5 from the report");
	const struct trace_event *e = m.steps[4].ev_n == 1 ? &t->events[m.ev_index[m.steps[4].ev_first]] : NULL;
	check(e && e->kind == TRACE_LOCK && e->thread == 1, "model: step 4 is T1's lock");
	struct sm_hold h[8];
	check(schedule_model_holders(&m, 3, h, 8) == 0, "model: nothing held after step 3");
	int n = schedule_model_holders(&m, 4, h, 8);
	check(n == 1 && h[0].thread == 1 && h[0].lock == 1, "model: after step 4, T1 holds M1");
	n = schedule_model_holders(&m, 6, h, 8);
	check(n == 2 && h[1].thread == 2 && h[1].lock == 2, "model: at the end, T1 holds M1 and T2 holds M2");
	schedule_model_free(&m);
	struct schedule s2;
	schedule_read("tests/tui/explore-abba.schedule", &s2, err, sizeof err);
	schedule_model_init(&m, &s2, NULL, r);
	check(schedule_model_holders(&m, 4, h, 8) == -1 && m.steps[4].ev_n == 0, "model: no trace, holders unknown");
	schedule_model_free(&m);
	report_free(r);
}

int main(void)
{
	snprintf(tmp, sizeof tmp, "/tmp/weft-test-schedule.%d", (int)getpid());
	good_file();
	corrupt_files();
	model();
	unlink(tmp);
	printf("%d passed, %d failed\n", passes, failures);
	return failures ? 1 : 0;
}

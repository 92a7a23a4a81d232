/* test_report_text.c - the human text report (common/report_text.c): header lines, per-kind bodies,
 * frame format, scenario table, SUMMARY line, colour flag, robustness to inconsistent models.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_fixture.h"
#include "report_text.h"

static char *format(const struct report *r, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	report_format_text(r, f, flags);
	fclose(f);
	return buf;
}

static int count_lines_starting(const char *text, const char *prefix)
{
	int n = 0;
	size_t pl = strlen(prefix);
	for (const char *p = text; p && *p;) {
		if (strncmp(p, prefix, pl) == 0)
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

static const char *last_line(const char *text)
{
	size_t n = strlen(text);
	if (n && text[n - 1] == '\n')
		n--;
	while (n && text[n - 1] != '\n')
		n--;
	return text + n;
}

static void test_full(void)
{
	struct report *r = fixture_report();
	char *t = format(r, 0);
	CHECK("headers", count_lines_starting(t, "==4711== weft: ") == 6, "wanted 4 finding headers + 2 notes:\n%s", t);
	CHECK("header_inversion",
	      strstr(t, "==4711== weft: lock-order inversion: lock order inversion between 2 locks: M1 (mutex) and M2 (mutex)\n") != NULL,
	      "inversion header missing");
	CHECK("header_misuse", strstr(t, "==4711== weft: pthread API misuse: thread T2 unlocks mutex M1 held by thread T1\n") != NULL,
	      "misuse header missing");
	CHECK("inversion_holds",
	      strstr(t, "  Thread T1 holds M1 (mutex lock_a, created at main() abba.c:32), taken at:\n"
			"    #0 pthread_mutex_lock (libweft.so+0x4a10)\n"
			"    #1 worker1 samples/abba.c:20 (abba+0x1189)\n"
			"  and takes M2 (mutex lock_b, first used at main() abba.c:33) at:\n") != NULL,
	      "inversion step not as expected");
	CHECK("inlined_marked", strstr(t, "    #0 take samples/abba.c:11 (abba+0x11a0) [inlined]\n"
					  "    #1 worker1 samples/abba.c:21 (abba+0x11a0)\n") != NULL,
	      "inlined frame not marked");
	CHECK("note_shown", strstr(t, "    (outer frames not captured)\n") != NULL, "stack note missing");
	CHECK("scenario", strstr(t, "  Possible scenario:\n\n"
				    "    T1           T2\n"
				    "    ----         ----\n"
				    "    lock(M1);\n"
				    "                 lock(M2);\n"
				    "    lock(M2);\n"
				    "                 lock(M1);\n\n"
				    "    *** DEADLOCK ***\n") != NULL,
	      "scenario table not as expected:\n%s", t);
	CHECK("deadlock_waits", strstr(t, "  and waits for M2 (mutex lock_b, first used at main() abba.c:33), held by T2, at:\n") &&
					strstr(t, "  Thread T0 waits for thread T1 to end (join) at:\n    #0 main samples/abba.c:40"),
	      "deadlock steps not as expected");
	CHECK("misuse_body", strstr(t, "  unlock of a mutex held by another thread (unlock-not-owner)\n  in thread T2 at:\n") &&
				     strstr(t, "  Thread T1 holds a lock taken at:\n    #0 worker1") && strstr(t, "  (seen 3 times)\n"),
	      "misuse body not as expected");
	CHECK("race_body", strstr(t, "  Write of size 4 at 0x5555555592a4 by thread T2 (locks held: M1):\n") &&
				   strstr(t, "  Previous atomic read of size 4 at 0x5555555592a4 by thread T1 (no locks held):\n") &&
				   strstr(t, "  Location is 4 bytes inside heap block of size 16 at 0x5555555592a0 allocated by thread T0 at:\n    #0 main samples/race.c:30"),
	      "race body not as expected");
	CHECK("thread_creation", strstr(t, "  Thread T1 \"worker-1\" (tid 4712) was created by T0 at:\n    #0 pthread_create") &&
					 strstr(t, "  Thread T0 (tid 4711) is the main thread.\n"),
	      "thread creation stacks missing");
	CHECK("ended_by_weft", strstr(t, "weft: the program was ended by weft (exit status 66)") != NULL, "end note missing");
	CHECK("summary_last", strcmp(last_line(t), "SUMMARY: weft: 4 findings (1 deadlock, 1 lock-order-inversion, 1 data-race, 1 api-misuse) in /home/u/src/abba\n") == 0,
	      "last line is \"%s\"", last_line(t));
	CHECK("summary_once", count_lines_starting(t, "SUMMARY:") == 1, "SUMMARY not exactly once");
	CHECK("no_colour", strchr(t, '\033') == NULL, "escape sequences without the colour flag");
	free(t);

	t = format(r, REPORT_TEXT_COLOR);
	CHECK("colour", strstr(t, "\033[1;31m==4711== weft: deadlock") && strstr(t, "\033[0m"), "no colour with the flag");
	free(t);

	t = format(r, REPORT_TEXT_NO_SUMMARY | REPORT_TEXT_NO_THREADS);
	CHECK("no_summary_flag", !strstr(t, "SUMMARY") && !strstr(t, "was created by"), "flags ignored");
	free(t);

	t = format(r, REPORT_TEXT_BRIEF);
	CHECK("brief", count_lines_starting(t, "  ") == 0 && count_lines_starting(t, "SUMMARY:") == 1, "brief has bodies:\n%s", t);
	free(t);

	/* the kind tables and the text agree on every misuse name of docs/report-format.md */
	static const char *const misuses[] = {"unlock-unlocked", "unlock-not-owner", "destroy-locked", "destroy-in-use",
					      "reinit-locked", "cond-wait-unlocked", "cond-two-mutexes", "join-self",
					      "join-detached", "join-twice", "detach-twice", "exit-holding-locks",
					      "sem-overflow", "barrier-misuse", "relock-errorcheck", "invalid-object"};
	int missing = 0;
	for (size_t i = 0; i < sizeof misuses / sizeof misuses[0]; i++)
		missing += report_text_misuse_description(misuses[i]) == NULL;
	CHECK("misuse_descriptions", missing == 0 && !report_text_misuse_description("nope"), "%d missing", missing);
	report_free(r);
}

static void test_empty(void)
{
	struct report *r = report_new();
	r->program = report_strdup("/bin/true");
	r->pid = 5;
	char *t = format(r, 0);
	CHECK("no_findings", strcmp(t, "SUMMARY: weft: no findings in /bin/true\n") == 0, "got \"%s\"", t);
	free(t);
	free(r->program);
	r->program = NULL;
	report_add_finding(r, REPORT_DEADLOCK);
	t = format(r, 0);
	CHECK("one_finding_no_program", strstr(t, "==5== weft: deadlock\n") && strstr(t, "SUMMARY: weft: 1 finding (1 deadlock) in ?\n"),
	      "got \"%s\"", t);
	free(t);
	report_free(r);
}

/* A hand-built model with indexes that point nowhere must not crash the formatter. */
static void test_inconsistent(void)
{
	struct report *r = report_new();
	struct report_finding *f = report_add_finding(r, REPORT_DEADLOCK);
	f->ncycle = 2;
	f->cycle = report_xcalloc(2, sizeof *f->cycle);
	f->cycle[0] = (struct report_cycle_step){.thread = 7, .holds = 9, .waits = 8, .waits_thread = -1,
						 .hold_stack = 5, .wait_stack = -3};
	f->cycle[1] = (struct report_cycle_step){.thread = -1, .holds = -1, .waits = -1, .waits_thread = 99,
						 .hold_stack = -1, .wait_stack = 100};
	f = report_add_finding(r, REPORT_DATA_RACE);
	f->naccesses = 1;
	f->accesses = report_xcalloc(1, sizeof *f->accesses);
	f->accesses[0] = (struct report_access){.thread = 3, .stack = 42};
	f->memory = report_xcalloc(1, sizeof *f->memory);
	f->memory->alloc_stack = 12;
	f->memory->thread = -1;
	f = report_add_finding(r, REPORT_LOCK_ORDER_INVERSION);
	f->ncycle = 3;
	f->cycle = report_xcalloc(3, sizeof *f->cycle);
	for (int i = 0; i < 3; i++)
		f->cycle[i] = (struct report_cycle_step){.thread = 1, .holds = i, .waits = (i + 1) % 3,
							 .hold_stack = 1000, .wait_stack = 1000};
	f = report_add_finding(r, REPORT_API_MISUSE);
	f->misuse = report_strdup("something-new");
	report_finding_add_stack(f, NULL, -1);
	char *t = format(r, REPORT_TEXT_COLOR);
	CHECK("inconsistent_model", t && strstr(t, "SUMMARY: weft: 4 findings") && strstr(t, "<no stack>") &&
					    strstr(t, "T1'"),
	      "output:\n%s", t);
	free(t);
	report_free(r);
}

int main(void)
{
	test_full();
	test_empty();
	test_inconsistent();
	return fixture_failures ? 1 : 0;
}

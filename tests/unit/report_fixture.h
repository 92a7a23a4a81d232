/* report_fixture.h - a hand-built report with one finding of every kind, shared by the report unit
 * tests (JSON, text, output formats). Header-only test helper: included by one test program each.
 */
#ifndef WEFT_TEST_REPORT_FIXTURE_H
#define WEFT_TEST_REPORT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

static int fixture_failures __attribute__((unused));

#define CHECK(name, cond, ...)                                 \
	do {                                                   \
		if (cond) {                                    \
			printf("PASS %s\n", name);             \
		} else {                                       \
			printf("FAIL %s: ", name);             \
			printf(__VA_ARGS__);                   \
			printf("\n");                          \
			fixture_failures++;                    \
		}                                              \
	} while (0)

static __attribute__((unused)) void fixture_frame(struct report_stack *s, const char *fn, const char *file, int line, const char *mod,
			  uint64_t off)
{
	struct report_frame *f = report_stack_add_frame(s);
	f->function = report_strdup(fn);
	f->file = report_strdup(file);
	f->line = line;
	f->column = line > 0 ? 5 : -1;
	f->module = report_strdup(mod);
	f->offset = off;
	f->pc = off ? 0x555555554000ull + off : 0;
}

static __attribute__((unused)) int *fixture_ints(size_t n, ...)
{
	int *a = report_xcalloc(n, sizeof *a);
	__builtin_va_list ap;
	__builtin_va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		a[i] = __builtin_va_arg(ap, int);
	__builtin_va_end(ap);
	return a;
}

static __attribute__((unused)) struct report_cycle_step fixture_step(int thread, int holds, int waits, int hs, int ws, const char *wk)
{
	struct report_cycle_step c = {.thread = thread, .holds = holds, .waits = waits, .waits_thread = -1,
				      .hold_stack = hs, .wait_stack = ws};
	c.hold_mode = holds >= 0 ? report_strdup("write") : NULL;
	c.wait_mode = waits >= 0 ? report_strdup("write") : NULL;
	c.wait_kind = report_strdup(wk);
	return c;
}

static __attribute__((unused)) struct report *fixture_report(void)
{
	struct report *r = report_new();
	r->program = report_strdup("/home/u/src/abba");
	r->argc = 3;
	r->argv = report_xcalloc(3, sizeof *r->argv);
	r->argv[0] = report_strdup("./abba");
	r->argv[1] = report_strdup("--name=\"quoted\" \\ tab\there");
	r->argv[2] = report_strdup("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80");
	r->pid = 4711;
	r->ended = true;
	r->exit_status = 66;
	r->ended_by_weft = true;
	r->suppressed = 2;

	/* lock-order inversion between M1 and M2 */
	struct report_finding *f = report_add_finding(r, REPORT_LOCK_ORDER_INVERSION);
	f->summary = report_strdup("lock order inversion between 2 locks: M1 (mutex) and M2 (mutex)");
	f->threads = fixture_ints(2, 1, 2);
	f->nthreads = 2;
	f->locks = fixture_ints(2, 1, 2);
	f->nlocks = 2;
	struct report_stack *s = report_finding_add_stack(f, "held", 1);
	fixture_frame(s, "pthread_mutex_lock", NULL, -1, "/usr/lib/weft/libweft.so", 0x4a10);
	fixture_frame(s, "worker1", "samples/abba.c", 20, "/home/u/src/abba", 0x1189);
	s = report_finding_add_stack(f, "acquired", 1);
	fixture_frame(s, "take", "samples/abba.c", 11, "/home/u/src/abba", 0x11a0);
	s->frames[0].inlined = true;
	fixture_frame(s, "worker1", "samples/abba.c", 21, "/home/u/src/abba", 0);
	s = report_finding_add_stack(f, "held", 2);
	fixture_frame(s, "worker2", "samples/abba.c", 27, "/home/u/src/abba", 0x1200);
	s = report_finding_add_stack(f, "acquired", 2);
	fixture_frame(s, "worker2", "samples/abba.c", 28, "/home/u/src/abba", 0x1210);
	s->note = report_strdup("outer frames not captured");
	f->ncycle = 2;
	f->cycle = report_xcalloc(2, sizeof *f->cycle);
	f->cycle[0] = fixture_step(1, 1, 2, 0, 1, "mutex");
	f->cycle[1] = fixture_step(2, 2, 1, 2, 3, "mutex");

	/* deadlock: T1 waits for M2 held by T2, T2 waits for M1, T0 joins T1 */
	f = report_add_finding(r, REPORT_DEADLOCK);
	f->summary = report_strdup("deadlock: 3 threads blocked");
	f->count = 1;
	f->threads = fixture_ints(3, 0, 1, 2);
	f->nthreads = 3;
	f->locks = fixture_ints(2, 1, 2);
	f->nlocks = 2;
	s = report_finding_add_stack(f, "held", 1);
	fixture_frame(s, "worker1", "samples/abba.c", 20, "/home/u/src/abba", 0x1189);
	s = report_finding_add_stack(f, "blocked", 1);
	fixture_frame(s, "worker1", "samples/abba.c", 21, "/home/u/src/abba", 0x119a);
	s = report_finding_add_stack(f, "held", 2);
	fixture_frame(s, "worker2", "samples/abba.c", 27, "/home/u/src/abba", 0x1200);
	s = report_finding_add_stack(f, "blocked", 2);
	fixture_frame(s, "worker2", "samples/abba.c", 28, "/home/u/src/abba", 0x1210);
	s = report_finding_add_stack(f, "blocked", 0);
	fixture_frame(s, "main", "samples/abba.c", 40, "/home/u/src/abba", 0x1300);
	f->ncycle = 3;
	f->cycle = report_xcalloc(3, sizeof *f->cycle);
	f->cycle[0] = fixture_step(1, 1, 2, 0, 1, "mutex");
	f->cycle[1] = fixture_step(2, 2, 1, 2, 3, "mutex");
	f->cycle[2] = fixture_step(0, -1, -1, -1, 4, "join");
	f->cycle[2].waits_thread = 1;

	/* api misuse */
	f = report_add_finding(r, REPORT_API_MISUSE);
	f->misuse = report_strdup("unlock-not-owner");
	f->summary = report_strdup("thread T2 unlocks mutex M1 held by thread T1");
	f->count = 3;
	f->threads = fixture_ints(2, 2, 1);
	f->nthreads = 2;
	f->locks = fixture_ints(1, 1);
	f->nlocks = 1;
	s = report_finding_add_stack(f, "current", 2);
	fixture_frame(s, "pthread_mutex_unlock", NULL, -1, "/usr/lib/weft/libweft.so", 0x4b00);
	fixture_frame(s, "worker2", "samples/abba.c", 30, "/home/u/src/abba", 0x1230);
	s = report_finding_add_stack(f, "held", 1);
	fixture_frame(s, "worker1", "samples/abba.c", 20, "/home/u/src/abba", 0x1189);

	/* data race on a heap block */
	f = report_add_finding(r, REPORT_DATA_RACE);
	f->summary = report_strdup("data race on heap block of size 16 (write by T2, read by T1)");
	f->threads = fixture_ints(2, 2, 1);
	f->nthreads = 2;
	s = report_finding_add_stack(f, "access", 2);
	fixture_frame(s, "bump", "samples/race.c", 9, "/home/u/src/race", 0x1150);
	s = report_finding_add_stack(f, "previous-access", 1);
	fixture_frame(s, "peek", "samples/race.c", 14, "/home/u/src/race", 0x1170);
	s = report_finding_add_stack(f, "allocated", 0);
	fixture_frame(s, "main", "samples/race.c", 30, "/home/u/src/race", 0x1200);
	f->naccesses = 2;
	f->accesses = report_xcalloc(2, sizeof *f->accesses);
	f->accesses[0] = (struct report_access){.thread = 2, .write = true, .size = 4, .addr = 0x5555555592a4, .stack = 0};
	f->accesses[0].locks = fixture_ints(1, 1);
	f->accesses[0].nlocks = 1;
	f->accesses[1] = (struct report_access){.thread = 1, .write = false, .atomic = true, .size = 4,
						.addr = 0x5555555592a4, .stack = 1};
	f->memory = report_xcalloc(1, sizeof *f->memory);
	f->memory->kind = report_strdup("heap");
	f->memory->base = 0x5555555592a0;
	f->memory->size = 16;
	f->memory->offset = 4;
	f->memory->thread = 0;
	f->memory->alloc_stack = 2;

	/* threads */
	struct report_thread *t = report_add_thread(r, 0);
	t->tid = 4711;
	t->state = report_strdup("blocked");
	for (int i = 1; i <= 2; i++) {
		t = report_add_thread(r, i);
		t->parent = 0;
		t->tid = 4711 + i;
		t->state = report_strdup("blocked");
		t->name = i == 1 ? report_strdup("worker-1") : NULL;
		t->has_created = true;
		t->created.role = report_strdup("created");
		t->created.thread = 0;
		fixture_frame(&t->created, "pthread_create", NULL, -1, "/usr/lib/weft/libweft.so", 0x3000);
		fixture_frame(&t->created, "main", "samples/abba.c", 35 + i, "/home/u/src/abba", 0x1280 + (uint64_t)i);
		t->has_last = i == 2;
		if (t->has_last) {
			t->last.role = report_strdup("blocked");
			t->last.thread = i;
			fixture_frame(&t->last, "worker2", "samples/abba.c", 28, "/home/u/src/abba", 0x1210);
		}
	}

	/* locks */
	for (int i = 1; i <= 2; i++) {
		struct report_lock *l = report_add_lock(r, i);
		l->kind = report_strdup("mutex");
		l->type = report_strdup("normal");
		l->addr = 0x555555558040ull + (uint64_t)i * 0x28;
		l->name = report_strdup(i == 1 ? "lock_a" : "lock_b");
		l->has_created = true;
		l->created.role = report_strdup(i == 1 ? "created" : "first-use");
		l->created.thread = 0;
		fixture_frame(&l->created, "main", "samples/abba.c", 31 + i, "/home/u/src/abba", 0x1250);
	}
	return r;
}

/* Serializes a report into a malloc'd NUL-terminated string (through a temporary file). */
static __attribute__((unused)) char *fixture_to_json(const struct report *r, size_t *len)
{
	FILE *tmp = tmpfile();
	char err[256];
	if (!tmp || report_write_json(r, fileno(tmp), err, sizeof err) < 0) {
		printf("FAIL write_json: %s\n", tmp ? err : "tmpfile");
		exit(1);
	}
	long n = lseek(fileno(tmp), 0, SEEK_END);
	char *buf = calloc((size_t)n + 1, 1);
	if (pread(fileno(tmp), buf, (size_t)n, 0) != n) {
		printf("FAIL write_json: short read\n");
		exit(1);
	}
	fclose(tmp);
	if (len)
		*len = (size_t)n;
	return buf;
}

#endif

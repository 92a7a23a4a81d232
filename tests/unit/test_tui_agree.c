/* test_tui_agree.c - the viewer and the text report word the same finding the same way.
 *
 * Formats the shared fixture report (tests/unit/report_fixture.h: one finding of every kind) with
 * report_format_text(), then checks that each phrase the viewer takes from common/report_describe.c
 * (frames, step headings, accesses, memory, stack headings, thread lines, scenario cells) appears in
 * that text, word for word. A FAIL means report_text.c and report_describe.c drifted apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"
#include "report_describe.h"
#include "report_text.h"

static char *text;

/* Look for one phrase in the text report, as a whole line after indentation when line is set. */
static void expect(const char *what, const char *phrase, int line)
{
	char name[256];
	snprintf(name, sizeof name, "agree %s", what);
	bool found = false;
	for (const char *s = text; (s = strstr(s, phrase)) != NULL; s++) {
		if (!line) {
			found = true;
			break;
		}
		const char *b = s;
		while (b > text && b[-1] == ' ')
			b--;
		size_t n = strlen(phrase);
		if ((b == text || b[-1] == '\n') && (s[n] == '\n' || s[n] == 0)) {
			found = true;
			break;
		}
	}
	CHECK(name, found, "\"%s\" is not in the text report", phrase);
}

int main(void)
{
	struct report *r = fixture_report();
	/* A C library frame with debug info (libc6-dbg) first in a lock's creation stack and in a wait
	 * stack: places must skip it the same way in both. */
	for (int k = 0; k < 2; k++) {
		struct report_stack *s = k == 0 ? &r->locks[0].created : &r->findings[0].stacks[1];
		struct report_frame libc = {.function = report_strdup("___pthread_mutex_lock"),
		                            .file = report_strdup("./nptl/pthread_mutex_lock.c"), .line = 93, .column = -1,
		                            .module = report_strdup("/lib/x86_64-linux-gnu/libc.so.6"), .offset = 0x8a1c0,
		                            .pc = 0x7ffff7c8a1c0};
		report_stack_add_frame(s);
		memmove(&s->frames[1], &s->frames[0], (s->nframes - 1) * sizeof s->frames[0]);
		s->frames[0] = libc;
	}
	size_t len;
	FILE *mem = open_memstream(&text, &len);
	report_format_text(r, mem, 0);
	fclose(mem);
	char buf[1024], name[128];

	for (size_t fi = 0; fi < r->nfindings; fi++) {
		const struct report_finding *f = &r->findings[fi];
		/* Every frame of every stack, as the viewer's frame lines show it. */
		for (size_t si = 0; si < f->nstacks; si++)
			for (size_t i = 0; i < f->stacks[si].nframes; i++) {
				char line[1100];
				snprintf(line, sizeof line, "#%zu %s", i, report_describe_frame(&f->stacks[si], i, buf, sizeof buf));
				snprintf(name, sizeof name, "frame %zu.%zu.%zu", fi, si, i);
				expect(name, line, 1);
			}
		for (size_t k = 0; k < f->ncycle; k++) {
			/* Hold headings are whole lines; wait headings follow "and" in the text report. */
			report_describe_step_heading(r, f, k, 0, 0, buf, sizeof buf);
			snprintf(name, sizeof name, "step %zu.%zu hold heading", fi, k);
			if (f->cycle[k].holds >= 0)
				expect(name, buf, 1);
			report_describe_step_heading(r, f, k, 1, 0, buf, sizeof buf);
			const char *tail = f->cycle[k].holds >= 0 ? strchr(buf + strlen("Thread "), ' ') + 1 : buf;
			snprintf(name, sizeof name, "step %zu.%zu wait heading", fi, k);
			expect(name, tail, 0);
			if (f->kind == REPORT_LOCK_ORDER_INVERSION) {
				for (int which = 0; which < 2; which++) {
					char op[128];
					report_describe_step_op(r, &f->cycle[k], which, op, sizeof op);
					strcat(op, ";");
					snprintf(name, sizeof name, "step %zu.%zu scenario cell %d", fi, k, which);
					expect(name, op, 1);
				}
			}
		}
		for (size_t k = 0; k < f->naccesses; k++) {
			report_describe_access(r, f, k, buf, sizeof buf);
			strcat(buf, ":");
			snprintf(name, sizeof name, "access %zu.%zu", fi, k);
			expect(name, buf, 1);
		}
		if (f->memory) {
			report_describe_memory(f->memory, buf, sizeof buf);
			snprintf(name, sizeof name, "memory %zu", fi);
			expect(name, buf, 0);
		}
		for (size_t k = 0; k < f->nlocks; k++) {
			char d[512];
			snprintf(buf, sizeof buf, "Lock: %s", report_describe_lock_long(r, f->locks[k], d, sizeof d));
			snprintf(name, sizeof name, "lock %zu.%zu", fi, k);
			if (f->kind == REPORT_API_MISUSE)
				expect(name, buf, 1);
		}
	}
	/* Stacks that no kind-specific heading shows keep their generic heading. */
	report_describe_stack_heading(&r->findings[2].stacks[1], buf, sizeof buf);
	expect("stack heading", buf, 1);
	/* The threads view's first line for a created thread. */
	char who[128], t[24];
	report_describe_thread_named(r, 1, who, sizeof who);
	snprintf(buf, sizeof buf, "Thread %s (tid 4712) was created by %s at:", who, report_describe_thread(0, t, sizeof t));
	expect("thread line", buf, 1);
	/* The findings list's WHERE column uses the text report's short places. */
	report_describe_location(&r->findings[0], buf, sizeof buf);
	CHECK("agree location", strcmp(buf, "take() abba.c:11") == 0, "got \"%s\"", buf);

	free(text);
	report_free(r);
	return fixture_failures ? 1 : 0;
}

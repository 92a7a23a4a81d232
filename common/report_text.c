/* report_text.c - the human text report: one header line per finding, a body per kind (a
 * lockdep-like scenario for lock cycles, both accesses for races, what and where for misuse), the
 * creation stacks of the threads involved, and one SUMMARY line at the end.
 *
 * Rules: pure (model in, text out; see report_text.h); every index into stacks, threads and locks is
 * checked, and unknown values print as "?" rather than being invented. Nothing here depends on the
 * terminal: colour is a flag. Every phrase that names a thing (a lock, a thread, a frame, a wait, an
 * access, the memory, a misuse) comes from report_describe.c, which the viewer shares; this file
 * adds the layout, the scenario table and the colours.
 */
#include "report_text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report_describe.h"

/* ---- colour ---- */

enum tone { T_HEADER, T_HEAD, T_ALERT, T_FUNC, T_DIM, T_RESET };

static const char *tone(unsigned flags, enum tone t)
{
	static const char *const seq[] = {
		[T_HEADER] = "\033[1;31m", [T_HEAD] = "\033[1m", [T_ALERT] = "\033[1;31m",
		[T_FUNC] = "\033[34m", [T_DIM] = "\033[2m", [T_RESET] = "\033[0m",
	};
	return (flags & REPORT_TEXT_COLOR) ? seq[t] : "";
}

/* ---- labels (public names kept for cli/; the words are report_describe.c's) ---- */

const char *report_text_misuse_description(const char *misuse)
{
	return report_describe_misuse(misuse);
}

const char *report_text_lock_label(int id, char *buf, size_t len)
{
	return report_describe_lock(id, buf, len);
}

const char *report_text_thread_label(int id, char *buf, size_t len)
{
	return report_describe_thread(id, buf, len);
}

/* Room for a description of up to need bytes: small when it is large enough, else a heap block, so
 * that long C++ names are printed whole as before (small, cutting the text, if malloc fails). *len
 * gets the size; give the result back to room_free(). */
static char *room(char *small, size_t small_len, size_t need, size_t *len)
{
	char *p = need > small_len ? malloc(need) : NULL;
	*len = p ? need : small_len;
	return p ? p : small;
}

static void room_free(char *p, const char *small)
{
	if (p != small)
		free(p);
}

static size_t len0(const char *s)
{
	return s ? strlen(s) : 0;
}

/* ---- stacks ---- */

/* Frame i as report_describe_frame() words it, the function and " [inlined]" in their colours. */
static void put_frame(const struct report_stack *s, size_t i, FILE *out, int indent, unsigned flags)
{
	static const char inlined[] = " [inlined]";
	const struct report_frame *f = &s->frames[i];
	/* function, file, module, and at most 96 bytes of line, address and " [inlined]" */
	char small[512], *text;
	size_t len;
	text = room(small, sizeof small, len0(f->function) + len0(f->file) + len0(f->module) + 96, &len);
	report_describe_frame(s, i, text, len);
	size_t n = strlen(text), fn = f->function ? strlen(f->function) : 2, end = n;
	if (fn > n)
		fn = n;
	bool dim = f->inlined && n - fn >= sizeof inlined - 1 && strcmp(text + n - (sizeof inlined - 1), inlined) == 0;
	if (dim)
		end -= sizeof inlined - 1;
	fprintf(out, "%*s#%zu %s%.*s%s%.*s", indent, "", i, tone(flags, T_FUNC), (int)fn, text, tone(flags, T_RESET),
		(int)(end - fn), text + fn);
	if (dim)
		fprintf(out, " %s[inlined]%s", tone(flags, T_DIM), tone(flags, T_RESET));
	fputc('\n', out);
	room_free(text, small);
}

void report_format_stack(const struct report_stack *s, FILE *out, int indent, unsigned flags)
{
	if (!s || !s->nframes) {
		fprintf(out, "%*s<no stack>%s%s%s\n", indent, "", s && s->note ? " (" : "", s && s->note ? s->note : "",
			s && s->note ? ")" : "");
		return;
	}
	for (size_t i = 0; i < s->nframes; i++)
		put_frame(s, i, out, indent, flags);
	if (s->note)
		fprintf(out, "%*s(%s)\n", indent, "", s->note);
}

/* ---- findings ---- */

struct ctx {
	const struct report *r;
	const struct report_finding *f;
	FILE *out;
	unsigned flags;
	bool *printed; /* per stack of the finding: already shown */
};

static const struct report_stack *stack_at(struct ctx *c, int idx)
{
	if (idx < 0 || (size_t)idx >= c->f->nstacks)
		return NULL;
	return &c->f->stacks[idx];
}

/* Prints stack idx under the current heading and marks it printed. */
static void show_stack(struct ctx *c, int idx)
{
	const struct report_stack *s = stack_at(c, idx);
	if (s)
		c->printed[idx] = true;
	report_format_stack(s, c->out, 4, c->flags);
}

static void heading(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void heading(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(c->out, "  %s", tone(c->flags, T_HEAD));
	va_start(ap, fmt);
	vfprintf(c->out, fmt, ap);
	va_end(ap);
	fprintf(c->out, "%s\n", tone(c->flags, T_RESET));
}

static void body_cycle(struct ctx *c)
{
	const struct report_finding *f = c->f;
	/* "Thread T1 " or "and ", then at most 480 bytes of wait and 48 of holder (report_describe.c) */
	char t[24], a[600];
	for (size_t i = 0; i < f->ncycle; i++) {
		const struct report_cycle_step *s = &f->cycle[i];
		report_describe_thread(s->thread, t, sizeof t);
		if (i)
			fputc('\n', c->out);
		if (s->holds >= 0) {
			heading(c, "Thread %s %s", t, report_describe_step_action(c->r, f, i, 0, 0, a, sizeof a));
			show_stack(c, s->hold_stack);
		}
		report_describe_step_action(c->r, f, i, 1, 0, a, sizeof a);
		if (s->holds >= 0)
			heading(c, "and %s", a);
		else
			heading(c, "Thread %s %s", t, a);
		show_stack(c, s->wait_stack);
	}
}

/* "lock(M1);" / "rdlock(M1);" / "wrlock(M1);" for a scenario cell. */
static void lock_op(const struct report *r, int id, const char *mode, char *buf, size_t len)
{
	report_describe_lock_op(r, id, mode, buf, len);
	size_t used = strlen(buf);
	snprintf(buf + used, len - used, ";");
}

/* The lockdep-style table: one column per cycle step (its thread); first every thread takes the
 * lock it holds, then every thread takes the next lock, each waiting for the next thread. */
static void scenario(struct ctx *c)
{
	const struct report_finding *f = c->f;
	size_t n = f->ncycle;
	if (n < 2)
		return;
	int colw = 12;
	char cell[64];
	for (size_t i = 0; i < n; i++) {
		lock_op(c->r, f->cycle[i].holds, f->cycle[i].hold_mode, cell, sizeof cell);
		if ((int)strlen(cell) + 4 > colw)
			colw = (int)strlen(cell) + 4;
		lock_op(c->r, f->cycle[i].waits, f->cycle[i].wait_mode, cell, sizeof cell);
		if ((int)strlen(cell) + 4 > colw)
			colw = (int)strlen(cell) + 4;
	}
	fprintf(c->out, "\n  %sPossible scenario:%s\n\n", tone(c->flags, T_HEAD), tone(c->flags, T_RESET));
	fprintf(c->out, "    ");
	for (size_t i = 0; i < n; i++) {
		char t[24];
		report_describe_thread(f->cycle[i].thread, t, sizeof t);
		/* the same thread in two steps (an inversion within one thread) gets a primed label */
		for (size_t j = 0; j < i; j++)
			if (f->cycle[j].thread == f->cycle[i].thread) {
				strcat(t, "'");
				break;
			}
		fprintf(c->out, "%-*s", i + 1 < n ? colw : 0, t);
	}
	fprintf(c->out, "\n    ");
	for (size_t i = 0; i < n; i++)
		fprintf(c->out, "%-*s", i + 1 < n ? colw : 0, "----");
	fputc('\n', c->out);
	for (int phase = 0; phase < 2; phase++) {
		for (size_t i = 0; i < n; i++) {
			const struct report_cycle_step *s = &f->cycle[i];
			if (phase == 0)
				lock_op(c->r, s->holds, s->hold_mode, cell, sizeof cell);
			else
				lock_op(c->r, s->waits, s->wait_mode, cell, sizeof cell);
			fprintf(c->out, "    %*s%s\n", (int)i * colw, "", cell);
		}
	}
	fprintf(c->out, "\n    %s*** DEADLOCK ***%s\n", tone(c->flags, T_ALERT), tone(c->flags, T_RESET));
}

static void body_race(struct ctx *c)
{
	const struct report_finding *f = c->f;
	/* at most 255 bytes of locks held and 100 of the rest (report_describe_access) */
	char a[512];
	for (size_t i = 0; i < f->naccesses; i++) {
		if (i)
			fputc('\n', c->out);
		heading(c, "%s:", report_describe_access(c->r, f, i, a, sizeof a));
		show_stack(c, f->accesses[i].stack);
	}
	const struct report_memory *m = f->memory;
	if (!m)
		return;
	fputc('\n', c->out);
	/* name and module, and at most 256 bytes of numbers and words */
	char small[512], *text;
	size_t len;
	text = room(small, sizeof small, len0(m->name) + len0(m->module) + 256, &len);
	bool alloc = m->kind && strcmp(m->kind, "heap") == 0 && stack_at(c, m->alloc_stack);
	heading(c, "%s%s", report_describe_memory(m, text, len), alloc ? " at:" : "");
	room_free(text, small);
	if (alloc)
		show_stack(c, m->alloc_stack);
}

static void body_misuse(struct ctx *c)
{
	const struct report_finding *f = c->f;
	const char *desc = report_describe_misuse(f->misuse);
	if (desc)
		heading(c, "%s (%s)", desc, f->misuse);
	else if (f->misuse)
		heading(c, "%s", f->misuse);
	/* the stack where it happened first */
	for (size_t i = 0; i < f->nstacks; i++) {
		const struct report_stack *s = &f->stacks[i];
		if (s->role && strcmp(s->role, "current") == 0) {
			char t[24];
			heading(c, "in thread %s at:", report_describe_thread(s->thread, t, sizeof t));
			show_stack(c, (int)i);
			break;
		}
	}
	for (size_t i = 0; i < f->nlocks; i++) {
		char d[400];
		heading(c, "Lock: %s", report_describe_lock_long(c->r, f->locks[i], d, sizeof d));
	}
}

/* Every stack of the finding that the kind-specific body did not show. */
static void remaining_stacks(struct ctx *c)
{
	for (size_t i = 0; i < c->f->nstacks; i++) {
		if (c->printed[i])
			continue;
		const struct report_stack *s = &c->f->stacks[i];
		fputc('\n', c->out);
		/* the role, and at most 64 bytes of thread and phrase */
		char small[128], *text;
		size_t len;
		text = room(small, sizeof small, len0(s->role) + 64, &len);
		heading(c, "%s", report_describe_stack_heading(s, text, len));
		room_free(text, small);
		show_stack(c, (int)i);
	}
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Threads involved: the finding's list, plus every thread its steps, accesses and stacks name. */
static void threads_involved(struct ctx *c)
{
	const struct report_finding *f = c->f;
	size_t cap = f->nthreads + f->ncycle * 2 + f->naccesses + f->nstacks + 1, n = 0;
	int *ids = calloc(cap, sizeof *ids);
	if (!ids)
		return;
	for (size_t i = 0; i < f->nthreads; i++)
		ids[n++] = f->threads[i];
	for (size_t i = 0; i < f->ncycle; i++) {
		ids[n++] = f->cycle[i].thread;
		ids[n++] = f->cycle[i].waits_thread;
	}
	for (size_t i = 0; i < f->naccesses; i++)
		ids[n++] = f->accesses[i].thread;
	for (size_t i = 0; i < f->nstacks; i++)
		ids[n++] = f->stacks[i].thread;
	qsort(ids, n, sizeof *ids, cmp_int);
	for (size_t i = 0; i < n; i++) {
		if (ids[i] < 0 || (i && ids[i] == ids[i - 1]))
			continue;
		const struct report_thread *th = report_find_thread(c->r, ids[i]);
		if (!th)
			continue;
		/* "T1 \"worker\"": the name and at most 32 bytes of label and quotes */
		char small[64], *t, extra[32] = "";
		size_t len;
		t = room(small, sizeof small, len0(th->name) + 32, &len);
		report_describe_thread_named(c->r, th->id, t, len);
		if (th->tid > 0)
			snprintf(extra, sizeof extra, " (tid %ld)", th->tid);
		fputc('\n', c->out);
		if (th->id == 0 && !th->has_created) {
			heading(c, "Thread %s%s is the main thread.", t, extra);
		} else if (th->has_created) {
			char p[24];
			if (th->parent >= 0)
				heading(c, "Thread %s%s was created by %s at:", t, extra,
					report_describe_thread(th->parent, p, sizeof p));
			else
				heading(c, "Thread %s%s was created at:", t, extra);
			report_format_stack(&th->created, c->out, 4, c->flags);
		} else {
			heading(c, "Thread %s%s: creation stack unknown.", t, extra);
		}
		room_free(t, small);
	}
	free(ids);
}

static void header(const struct report *r, const struct report_finding *f, FILE *out, unsigned flags)
{
	char pid[32];
	if (r->pid > 0)
		snprintf(pid, sizeof pid, "==%ld==", r->pid);
	else
		snprintf(pid, sizeof pid, "==?==");
	fprintf(out, "%s%s weft: %s", tone(flags, T_HEADER), pid, report_kind_title(f->kind));
	if (f->summary)
		fprintf(out, ": %s", f->summary);
	fprintf(out, "%s\n", tone(flags, T_RESET));
}

int report_format_finding(const struct report *r, size_t index, FILE *out, unsigned flags)
{
	if (index >= r->nfindings)
		return -1;
	const struct report_finding *f = &r->findings[index];
	header(r, f, out, flags);
	if (flags & REPORT_TEXT_BRIEF)
		return ferror(out) ? -1 : 0;
	struct ctx c = {.r = r, .f = f, .out = out, .flags = flags};
	c.printed = calloc(f->nstacks + 1, sizeof *c.printed);
	if (!c.printed)
		return -1;
	if (f->count > 1)
		fprintf(out, "  (seen %u times)\n", f->count);
	switch (f->kind) {
	case REPORT_LOCK_ORDER_INVERSION:
		body_cycle(&c);
		scenario(&c);
		break;
	case REPORT_DEADLOCK:
		body_cycle(&c);
		break;
	case REPORT_DATA_RACE:
		body_race(&c);
		break;
	case REPORT_API_MISUSE:
	default:
		body_misuse(&c);
		break;
	}
	remaining_stacks(&c);
	if (!(flags & REPORT_TEXT_NO_THREADS))
		threads_involved(&c);
	fputc('\n', out);
	free(c.printed);
	return ferror(out) ? -1 : 0;
}

void report_format_summary(const unsigned counts[REPORT_KIND_COUNT], const char *program, FILE *out,
			   unsigned flags)
{
	unsigned total = 0;
	for (int k = 0; k < REPORT_KIND_COUNT; k++)
		total += counts[k];
	if (!program)
		program = "?";
	fprintf(out, "%s", tone(flags, T_HEAD));
	if (!total) {
		fprintf(out, "SUMMARY: weft: no findings in %s", program);
	} else {
		fprintf(out, "SUMMARY: weft: %u finding%s (", total, total == 1 ? "" : "s");
		/* most severe first; kinds missing from this list (added later) follow in enum order */
		static const enum report_kind order[] = {REPORT_DEADLOCK, REPORT_LOCK_ORDER_INVERSION, REPORT_DATA_RACE,
							 REPORT_API_MISUSE};
		enum report_kind seq[REPORT_KIND_COUNT];
		int ns = 0;
		for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
			seq[ns++] = order[i];
		for (int k = 0; k < REPORT_KIND_COUNT; k++) {
			bool listed = false;
			for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
				listed |= order[i] == (enum report_kind)k;
			if (!listed && ns < REPORT_KIND_COUNT)
				seq[ns++] = (enum report_kind)k;
		}
		bool first = true;
		for (int i = 0; i < ns; i++) {
			enum report_kind k = seq[i];
			if (!counts[k])
				continue;
			fprintf(out, "%s%u %s", first ? "" : ", ", counts[k], report_kind_name(k));
			first = false;
		}
		fprintf(out, ") in %s", program);
	}
	fprintf(out, "%s\n", tone(flags, T_RESET));
}

int report_format_text(const struct report *r, FILE *out, unsigned flags)
{
	for (size_t i = 0; i < r->nfindings; i++)
		report_format_finding(r, i, out, flags);
	char pid[32];
	if (r->pid > 0)
		snprintf(pid, sizeof pid, "==%ld==", r->pid);
	else
		snprintf(pid, sizeof pid, "==?==");
	if (r->suppressed)
		fprintf(out, "%s weft: %u finding%s suppressed\n", pid, r->suppressed, r->suppressed == 1 ? "" : "s");
	if (r->ended_by_weft) {
		char st[32] = "";
		if (r->exit_status >= 0)
			snprintf(st, sizeof st, " (exit status %d)", r->exit_status);
		bool deadlock = false;
		for (size_t i = 0; i < r->nfindings; i++)
			deadlock |= r->findings[i].kind == REPORT_DEADLOCK;
		fprintf(out, "%s %sweft: the program was ended by weft%s %s%s\n", pid, tone(flags, T_ALERT), st,
			deadlock ? "because of the deadlock above" : "at its first finding (halt_on_error)",
			tone(flags, T_RESET));
	}
	if (!(flags & REPORT_TEXT_NO_SUMMARY)) {
		unsigned counts[REPORT_KIND_COUNT];
		report_count_kinds(r, counts);
		const char *prog = r->program ? r->program : r->argc ? r->argv[0] : NULL;
		report_format_summary(counts, prog, out, flags);
	}
	return ferror(out) ? -1 : 0;
}

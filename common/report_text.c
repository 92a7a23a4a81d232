/* report_text.c - the human text report: one header line per finding, a body per kind (a
 * lockdep-like scenario for lock cycles, both accesses for races, what and where for misuse), the
 * creation stacks of the threads involved, and one SUMMARY line at the end.
 *
 * Rules: pure (model in, text out; see report_text.h); every index into stacks, threads and locks is
 * checked, and unknown values print as "?" rather than being invented. Nothing here depends on the
 * terminal: colour is a flag.
 */
#include "report_text.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- tables ---- */

/* api-misuse sub-kinds: X(json name, description). The names are those of docs/report-format.md. */
#define MISUSE_KINDS(X)                                                                          \
	X("unlock-unlocked", "unlock of a lock that is not locked")                              \
	X("unlock-not-owner", "unlock of a mutex held by another thread")                        \
	X("destroy-locked", "destroy of a locked mutex, rwlock or spinlock")                      \
	X("destroy-in-use", "destroy of a condition variable, barrier or semaphore with waiters") \
	X("reinit-locked", "initialisation of a mutex or rwlock that is locked")                 \
	X("cond-wait-unlocked", "condition wait with a mutex the thread does not hold")          \
	X("cond-two-mutexes", "concurrent waits on one condition variable with different mutexes") \
	X("join-self", "a thread joins itself")                                                   \
	X("join-detached", "join of a detached thread")                                          \
	X("join-twice", "join of a thread already joined")                                       \
	X("detach-twice", "detach of a thread already detached or joined")                       \
	X("exit-holding-locks", "a thread ended while holding locks")                            \
	X("sem-overflow", "semaphore overflow or misuse")                                        \
	X("barrier-misuse", "barrier misuse")                                                     \
	X("relock-errorcheck", "an error-checking mutex locked again by its owner")              \
	X("invalid-object", "an operation on a destroyed object")

static const struct {
	const char *name, *desc;
} misuse_table[] = {
#define X(name, desc) {name, desc},
	MISUSE_KINDS(X)
#undef X
};

const char *report_text_misuse_description(const char *misuse)
{
	if (!misuse)
		return NULL;
	for (size_t i = 0; i < sizeof misuse_table / sizeof misuse_table[0]; i++)
		if (strcmp(misuse_table[i].name, misuse) == 0)
			return misuse_table[i].desc;
	return NULL;
}

/* What a stack shows, by role, completing "Thread T1 ...:" for stacks printed without a
 * kind-specific heading. */
static const char *role_phrase(const char *role)
{
	static const struct {
		const char *role, *phrase;
	} t[] = {
		{"held", "holds a lock taken at"},
		{"acquired", "took the next lock at"},
		{"blocked", "is blocked at"},
		{"current", "at"},
		{"created", "was created at"},
		{"first-use", "first used the lock at"},
		{"access", "accessed the memory at"},
		{"previous-access", "accessed the memory before, at"},
		{"allocated", "allocated the memory at"},
	};
	for (size_t i = 0; role && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].role, role) == 0)
			return t[i].phrase;
	return NULL;
}

/* ---- labels ---- */

const char *report_text_lock_label(int id, char *buf, size_t len)
{
	if (id < 0)
		snprintf(buf, len, "M?");
	else
		snprintf(buf, len, "M%d", id);
	return buf;
}

const char *report_text_thread_label(int id, char *buf, size_t len)
{
	if (id < 0)
		snprintf(buf, len, "T?");
	else
		snprintf(buf, len, "T%d", id);
	return buf;
}

static const char *base_name(const char *path)
{
	if (!path)
		return NULL;
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

/* A frame of the C library, the dynamic loader or weft itself: true for code the user did not write
 * (judged by the module's file name, so it stays a pure function of the model). */
static bool system_frame(const struct report_frame *f)
{
	static const char *const prefixes[] = {"libc.so", "libc-", "libpthread", "ld-linux", "libweft", "libstdc++",
					       "libgcc_s"};
	const char *m = base_name(f->module);
	if (!m)
		return false;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(m, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

/* The frame that best says "where" in one line: the first with a source file outside the system
 * libraries, else the first with a source file, else the first. */
static const struct report_frame *user_frame(const struct report_stack *s)
{
	if (!s || !s->nframes)
		return NULL;
	for (size_t i = 0; i < s->nframes; i++)
		if (s->frames[i].file && !system_frame(&s->frames[i]))
			return &s->frames[i];
	for (size_t i = 0; i < s->nframes; i++)
		if (s->frames[i].file)
			return &s->frames[i];
	return &s->frames[0];
}

/* "main() abba.c:12" or "main()" or "abba+0x1189". */
static void where_short(const struct report_frame *f, char *buf, size_t len)
{
	if (!f) {
		snprintf(buf, len, "?");
		return;
	}
	int n = 0;
	if (f->function)
		n = snprintf(buf, len, "%s()", f->function);
	if (f->file && (size_t)n < len) {
		if (f->line > 0)
			n += snprintf(buf + n, len - (size_t)n, "%s%s:%d", n ? " " : "", base_name(f->file), f->line);
		else
			n += snprintf(buf + n, len - (size_t)n, "%s%s", n ? " " : "", base_name(f->file));
	}
	if (n == 0) {
		if (f->module)
			snprintf(buf, len, "%s+0x%" PRIx64, base_name(f->module), f->offset);
		else
			snprintf(buf, len, "0x%" PRIx64, f->pc);
	}
}

/* "M1 (mutex lock_a, created at main() abba.c:12)" */
static void lock_desc(const struct report *r, int id, char *buf, size_t len)
{
	char lab[24];
	report_text_lock_label(id, lab, sizeof lab);
	const struct report_lock *l = id >= 0 ? report_find_lock(r, id) : NULL;
	if (!l) {
		snprintf(buf, len, "%s", lab);
		return;
	}
	char kind[64];
	if (l->type && l->kind && strcmp(l->type, "normal") != 0)
		snprintf(kind, sizeof kind, "%s %s", l->type, l->kind);
	else
		snprintf(kind, sizeof kind, "%s", l->kind ? l->kind : "lock");
	char name[160];
	if (l->name)
		snprintf(name, sizeof name, " %s", l->name);
	else if (l->addr)
		snprintf(name, sizeof name, " at 0x%" PRIx64, l->addr);
	else
		name[0] = 0;
	char where[200] = "";
	if (l->has_created && l->created.nframes) {
		char w[180];
		where_short(user_frame(&l->created), w, sizeof w);
		bool first_use = l->created.role && strcmp(l->created.role, "first-use") == 0;
		snprintf(where, sizeof where, ", %s at %s", first_use ? "first used" : "created", w);
	}
	snprintf(buf, len, "%s (%s%s%s)", lab, kind, name, where);
}

/* ---- stacks ---- */

static void put_frame(const struct report_frame *f, const struct report_frame *prev, size_t i, FILE *out,
		      int indent, unsigned flags)
{
	fprintf(out, "%*s#%zu %s%s%s", indent, "", i, tone(flags, T_FUNC), f->function ? f->function : "??",
		tone(flags, T_RESET));
	if (f->file) {
		if (f->line > 0)
			fprintf(out, " %s:%d", f->file, f->line);
		else
			fprintf(out, " %s", f->file);
	}
	/* an inlined caller shares the code address of the frame inlined into it */
	uint64_t off = f->offset, pc = f->pc;
	if (!pc && !off && prev && prev->inlined) {
		off = prev->offset;
		pc = prev->pc;
	}
	if (f->module) {
		if (off || pc)
			fprintf(out, " (%s+0x%" PRIx64 ")", base_name(f->module), off);
		else
			fprintf(out, " (%s)", base_name(f->module));
	} else if (pc) {
		fprintf(out, " (0x%" PRIx64 ")", pc);
	}
	if (f->inlined)
		fprintf(out, " %s[inlined]%s", tone(flags, T_DIM), tone(flags, T_RESET));
	fputc('\n', out);
}

void report_format_stack(const struct report_stack *s, FILE *out, int indent, unsigned flags)
{
	if (!s || !s->nframes) {
		fprintf(out, "%*s<no stack>%s%s%s\n", indent, "", s && s->note ? " (" : "", s && s->note ? s->note : "",
			s && s->note ? ")" : "");
		return;
	}
	for (size_t i = 0; i < s->nframes; i++)
		put_frame(&s->frames[i], i ? &s->frames[i - 1] : NULL, i, out, indent, flags);
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

static const char *mode_suffix(const char *mode, const char *kind)
{
	/* only worth saying for rwlocks, where read and write holds differ */
	if (!mode || !kind || strcmp(kind, "rwlock") != 0)
		return "";
	return strcmp(mode, "read") == 0 ? " for reading" : " for writing";
}

static const char *lock_kind_of(const struct report *r, int id)
{
	const struct report_lock *l = id >= 0 ? report_find_lock(r, id) : NULL;
	return l ? l->kind : NULL;
}

/* What a deadlocked thread waits for, as a phrase: "M2 (...)" / "thread T3 to end" / "a semaphore". */
static void wait_desc(struct ctx *c, const struct report_cycle_step *s, char *buf, size_t len)
{
	const char *k = s->wait_kind ? s->wait_kind : "";
	char t[24];
	if (strcmp(k, "join") == 0 || strcmp(k, "c11-join") == 0) {
		snprintf(buf, len, "thread %s to end (join)", report_text_thread_label(s->waits_thread, t, sizeof t));
	} else if (s->waits >= 0) {
		char d[400];
		lock_desc(c->r, s->waits, d, sizeof d);
		snprintf(buf, len, "%s%s", d, mode_suffix(s->wait_mode, lock_kind_of(c->r, s->waits)));
	} else if (strcmp(k, "cond") == 0 || strcmp(k, "c11-cond") == 0) {
		snprintf(buf, len, "a condition variable");
	} else if (strcmp(k, "sem") == 0) {
		snprintf(buf, len, "a semaphore");
	} else if (strcmp(k, "barrier") == 0) {
		snprintf(buf, len, "a barrier");
	} else if (strcmp(k, "once") == 0) {
		snprintf(buf, len, "a pthread_once initialisation");
	} else {
		snprintf(buf, len, "%s", *k ? k : "something");
	}
}

/* Which thread of the cycle holds lock id (another step's `holds`), or -1. */
static int holder_in_cycle(const struct report_finding *f, int lock, size_t except)
{
	for (size_t i = 0; i < f->ncycle; i++)
		if (i != except && f->cycle[i].holds == lock)
			return f->cycle[i].thread;
	return -1;
}

static void body_cycle(struct ctx *c, bool deadlock)
{
	const struct report_finding *f = c->f;
	char t[24], d[400], w[480];
	for (size_t i = 0; i < f->ncycle; i++) {
		const struct report_cycle_step *s = &f->cycle[i];
		report_text_thread_label(s->thread, t, sizeof t);
		if (i)
			fputc('\n', c->out);
		if (s->holds >= 0) {
			lock_desc(c->r, s->holds, d, sizeof d);
			heading(c, "Thread %s holds %s%s, taken at:", t, d,
				mode_suffix(s->hold_mode, lock_kind_of(c->r, s->holds)));
			show_stack(c, s->hold_stack);
		}
		const char *lead = s->holds >= 0 ? "and" : "Thread";
		const char *who = s->holds >= 0 ? "" : t;
		const char *sp = s->holds >= 0 ? "" : " ";
		if (s->holds >= 0 && s->holds == s->waits) {
			heading(c, "and %s it again at:", deadlock ? "waits to lock" : "takes");
		} else if (!deadlock) {
			lock_desc(c->r, s->waits, d, sizeof d);
			heading(c, "%s%s%s takes %s%s at:", lead, sp, who, d,
				mode_suffix(s->wait_mode, lock_kind_of(c->r, s->waits)));
		} else {
			wait_desc(c, s, w, sizeof w);
			int holder = s->waits >= 0 ? holder_in_cycle(f, s->waits, i) : -1;
			char h[48] = "";
			if (holder >= 0) {
				char ht[24];
				snprintf(h, sizeof h, ", held by %s,", report_text_thread_label(holder, ht, sizeof ht));
			}
			heading(c, "%s%s%s waits for %s%s at:", lead, sp, who, w, h);
		}
		show_stack(c, s->wait_stack);
	}
}

/* "lock(M1)" / "rdlock(M1)" / "wrlock(M1)" for a scenario cell. */
static void lock_op(const struct report *r, int id, const char *mode, char *buf, size_t len)
{
	char lab[24];
	report_text_lock_label(id, lab, sizeof lab);
	const char *k = lock_kind_of(r, id);
	const char *op = "lock";
	if (k && strcmp(k, "rwlock") == 0 && mode)
		op = strcmp(mode, "read") == 0 ? "rdlock" : "wrlock";
	snprintf(buf, len, "%s(%s);", op, lab);
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
		report_text_thread_label(f->cycle[i].thread, t, sizeof t);
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

static void locks_list(const struct report *r, const int *locks, size_t n, char *buf, size_t len)
{
	if (!n) {
		snprintf(buf, len, "no locks held");
		return;
	}
	size_t k = (size_t)snprintf(buf, len, "locks held: ");
	for (size_t i = 0; i < n && k < len; i++) {
		char lab[24];
		k += (size_t)snprintf(buf + k, len - k, "%s%s", i ? ", " : "", report_text_lock_label(locks[i], lab, sizeof lab));
	}
	(void)r;
}

static void body_race(struct ctx *c)
{
	const struct report_finding *f = c->f;
	for (size_t i = 0; i < f->naccesses; i++) {
		const struct report_access *a = &f->accesses[i];
		char t[24], l[256];
		report_text_thread_label(a->thread, t, sizeof t);
		locks_list(c->r, a->locks, a->nlocks, l, sizeof l);
		char what[48];
		snprintf(what, sizeof what, "%s%s%s", i ? "previous " : "", a->atomic ? "atomic " : "",
			 a->write ? "write" : "read");
		what[0] = (char)toupper((unsigned char)what[0]);
		if (i)
			fputc('\n', c->out);
		heading(c, "%s of size %u at 0x%" PRIx64 " by thread %s (%s):", what, a->size, a->addr, t, l);
		show_stack(c, a->stack);
	}
	const struct report_memory *m = f->memory;
	if (!m)
		return;
	fputc('\n', c->out);
	char t[24];
	report_text_thread_label(m->thread, t, sizeof t);
	const char *k = m->kind ? m->kind : "unknown";
	char at[96] = "";
	if (m->offset)
		snprintf(at, sizeof at, "%" PRIu64 " bytes inside ", m->offset);
	if (strcmp(k, "global") == 0) {
		heading(c, "Location is %sglobal %s of size %" PRIu64 " at 0x%" PRIx64 "%s%s%s", at,
			m->name ? m->name : "?", m->size, m->base, m->module ? " (" : "",
			m->module ? base_name(m->module) : "", m->module ? ")" : "");
	} else if (strcmp(k, "heap") == 0) {
		heading(c, "Location is %sheap block of size %" PRIu64 " at 0x%" PRIx64 " allocated by thread %s%s", at,
			m->size, m->base, t, stack_at(c, m->alloc_stack) ? " at:" : "");
		if (stack_at(c, m->alloc_stack))
			show_stack(c, m->alloc_stack);
	} else if (strcmp(k, "stack") == 0) {
		heading(c, "Location is on the stack of thread %s", t);
	} else if (strcmp(k, "tls") == 0) {
		heading(c, "Location is thread-local storage of thread %s", t);
	} else {
		heading(c, "Location is unknown memory");
	}
}

static void body_misuse(struct ctx *c)
{
	const struct report_finding *f = c->f;
	const char *desc = report_text_misuse_description(f->misuse);
	if (desc)
		heading(c, "%s (%s)", desc, f->misuse);
	else if (f->misuse)
		heading(c, "%s", f->misuse);
	/* the stack where it happened first */
	for (size_t i = 0; i < f->nstacks; i++) {
		const struct report_stack *s = &f->stacks[i];
		if (s->role && strcmp(s->role, "current") == 0) {
			char t[24];
			heading(c, "in thread %s at:", report_text_thread_label(s->thread, t, sizeof t));
			show_stack(c, (int)i);
			break;
		}
	}
	for (size_t i = 0; i < f->nlocks; i++) {
		char d[400];
		lock_desc(c->r, f->locks[i], d, sizeof d);
		heading(c, "Lock: %s", d);
	}
}

/* Every stack of the finding that the kind-specific body did not show. */
static void remaining_stacks(struct ctx *c)
{
	for (size_t i = 0; i < c->f->nstacks; i++) {
		if (c->printed[i])
			continue;
		const struct report_stack *s = &c->f->stacks[i];
		char t[24];
		fputc('\n', c->out);
		const char *ph = role_phrase(s->role);
		if (s->thread >= 0 && ph)
			heading(c, "Thread %s %s:", report_text_thread_label(s->thread, t, sizeof t), ph);
		else if (s->thread >= 0)
			heading(c, "Thread %s, stack \"%s\":", report_text_thread_label(s->thread, t, sizeof t),
				s->role ? s->role : "?");
		else
			heading(c, "Stack \"%s\":", s->role ? s->role : "?");
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
		char t[24], extra[160] = "";
		size_t k = 0;
		report_text_thread_label(th->id, t, sizeof t);
		if (th->name)
			k += (size_t)snprintf(extra + k, sizeof extra - k, " \"%s\"", th->name);
		if (th->tid > 0 && k < sizeof extra)
			k += (size_t)snprintf(extra + k, sizeof extra - k, " (tid %ld)", th->tid);
		fputc('\n', c->out);
		if (th->id == 0 && !th->has_created) {
			heading(c, "Thread %s%s is the main thread.", t, extra);
		} else if (th->has_created) {
			char p[24];
			if (th->parent >= 0)
				heading(c, "Thread %s%s was created by %s at:", t, extra,
					report_text_thread_label(th->parent, p, sizeof p));
			else
				heading(c, "Thread %s%s was created at:", t, extra);
			report_format_stack(&th->created, c->out, 4, c->flags);
		} else {
			heading(c, "Thread %s%s: creation stack unknown.", t, extra);
		}
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
		body_cycle(&c, false);
		scenario(&c);
		break;
	case REPORT_DEADLOCK:
		body_cycle(&c, true);
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
		fprintf(out, "%s %sweft: the program was ended by weft%s because of the deadlock above%s\n", pid,
			tone(flags, T_ALERT), st, tone(flags, T_RESET));
	}
	if (!(flags & REPORT_TEXT_NO_SUMMARY)) {
		unsigned counts[REPORT_KIND_COUNT];
		report_count_kinds(r, counts);
		const char *prog = r->program ? r->program : r->argc ? r->argv[0] : NULL;
		report_format_summary(counts, prog, out, flags);
	}
	return ferror(out) ? -1 : 0;
}

/* report_describe.c - the words weft uses for the things in a report (see report_describe.h).
 *
 * Rules: pure functions of the model; every string goes into the caller's buffer with snprintf
 * (truncation is fine, overflow is impossible); indexes are checked; unknown values print as "?".
 * The text report (common/report_text.c) and the viewer both print these words; a phrase that
 * either needs belongs here, once.
 */
#include "report_describe.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Append to buf (which already holds a string) without overflowing it. */
static void __attribute__((format(printf, 3, 4))) cat(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	if (used + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* api-misuse sub-kinds: X(json name, meaning). The names are those of docs/report-format.md. */
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

const char *report_describe_misuse(const char *misuse)
{
	static const struct {
		const char *name, *meaning;
	} kinds[] = {
#define X(name, meaning) {name, meaning},
		MISUSE_KINDS(X)
#undef X
	};
	for (size_t i = 0; misuse && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, misuse) == 0)
			return kinds[i].meaning;
	return NULL;
}

const char *report_describe_basename(const char *path)
{
	if (!path)
		return NULL;
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

char *report_describe_thread(int id, char *buf, size_t len)
{
	if (id < 0)
		snprintf(buf, len, "T?");
	else
		snprintf(buf, len, "T%d", id);
	return buf;
}

char *report_describe_thread_named(const struct report *r, int id, char *buf, size_t len)
{
	const struct report_thread *t = r && id >= 0 ? report_find_thread(r, id) : NULL;
	report_describe_thread(id, buf, len);
	if (t && t->name)
		cat(buf, len, " \"%s\"", t->name);
	return buf;
}

char *report_describe_lock(int id, char *buf, size_t len)
{
	if (id < 0)
		snprintf(buf, len, "M?");
	else
		snprintf(buf, len, "M%d", id);
	return buf;
}

/* "mutex lock_a" / "recursive mutex at 0x55d0": the inside of a lock's parentheses. */
static void lock_kind_name(const struct report_lock *l, char *buf, size_t len)
{
	if (l->type && l->kind && strcmp(l->type, "normal") != 0)
		snprintf(buf, len, "%s %s", l->type, l->kind);
	else
		snprintf(buf, len, "%s", l->kind ? l->kind : "lock");
	if (l->name)
		cat(buf, len, " %s", l->name);
	else if (l->addr)
		cat(buf, len, " at 0x%" PRIx64, l->addr);
}

char *report_describe_lock_named(const struct report *r, int id, char *buf, size_t len)
{
	const struct report_lock *l = r && id >= 0 ? report_find_lock(r, id) : NULL;
	report_describe_lock(id, buf, len);
	if (l) {
		char kn[200];
		lock_kind_name(l, kn, sizeof kn);
		cat(buf, len, " (%s)", kn);
	}
	return buf;
}

char *report_describe_lock_long(const struct report *r, int id, char *buf, size_t len)
{
	const struct report_lock *l = r && id >= 0 ? report_find_lock(r, id) : NULL;
	report_describe_lock(id, buf, len);
	if (!l)
		return buf;
	char kn[200], where[200] = "";
	lock_kind_name(l, kn, sizeof kn);
	if (l->has_created && l->created.nframes) {
		char w[180];
		report_describe_where(report_describe_user_frame(&l->created), w, sizeof w);
		bool first_use = l->created.role && strcmp(l->created.role, "first-use") == 0;
		snprintf(where, sizeof where, ", %s at %s", first_use ? "first used" : "created", w);
	}
	cat(buf, len, " (%s%s)", kn, where);
	return buf;
}

char *report_describe_frame(const struct report_stack *s, size_t i, char *buf, size_t len)
{
	if (!s || i >= s->nframes) {
		snprintf(buf, len, "?");
		return buf;
	}
	const struct report_frame *f = &s->frames[i], *prev = i ? &s->frames[i - 1] : NULL;
	snprintf(buf, len, "%s", f->function ? f->function : "??");
	if (f->file) {
		if (f->line > 0)
			cat(buf, len, " %s:%d", f->file, f->line);
		else
			cat(buf, len, " %s", f->file);
	}
	/* An inlined caller shares the code address of the frame inlined into it. */
	uint64_t off = f->offset, pc = f->pc;
	if (!pc && !off && prev && prev->inlined) {
		off = prev->offset;
		pc = prev->pc;
	}
	if (f->module) {
		if (off || pc)
			cat(buf, len, " (%s+0x%" PRIx64 ")", report_describe_basename(f->module), off);
		else
			cat(buf, len, " (%s)", report_describe_basename(f->module));
	} else if (pc) {
		cat(buf, len, " (0x%" PRIx64 ")", pc);
	}
	if (f->inlined)
		cat(buf, len, " [inlined]");
	return buf;
}

/* A frame of the C library, the dynamic loader or weft itself: code the user did not write (judged
 * by the module's file name, so it stays a pure function of the model). */
static bool system_frame(const struct report_frame *f)
{
	static const char *const prefixes[] = {"libc.so", "libc-", "libpthread", "ld-linux", "libweft", "libstdc++",
	                                       "libgcc_s"};
	const char *m = report_describe_basename(f->module);
	if (!m)
		return false;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(m, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

const struct report_frame *report_describe_user_frame(const struct report_stack *s)
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

char *report_describe_where(const struct report_frame *f, char *buf, size_t len)
{
	if (!f) {
		snprintf(buf, len, "?");
		return buf;
	}
	buf[0] = 0;
	if (f->function)
		snprintf(buf, len, "%s()", f->function);
	if (f->file) {
		const char *sp = buf[0] ? " " : "";
		if (f->line > 0)
			cat(buf, len, "%s%s:%d", sp, report_describe_basename(f->file), f->line);
		else
			cat(buf, len, "%s%s", sp, report_describe_basename(f->file));
	}
	if (!buf[0]) {
		if (f->module)
			snprintf(buf, len, "%s+0x%" PRIx64, report_describe_basename(f->module), f->offset);
		else
			snprintf(buf, len, "0x%" PRIx64, f->pc);
	}
	return buf;
}

static int valid_stack(const struct report_finding *f, int i)
{
	return i >= 0 && (size_t)i < f->nstacks ? i : -1;
}

int report_describe_primary_stack(const struct report_finding *f)
{
	int i = -1;
	switch (f->kind) {
	case REPORT_DEADLOCK:
	case REPORT_LOCK_ORDER_INVERSION:
		if (f->ncycle > 0)
			i = valid_stack(f, f->cycle[0].wait_stack);
		break;
	case REPORT_DATA_RACE:
		if (f->naccesses > 0)
			i = valid_stack(f, f->accesses[0].stack);
		break;
	case REPORT_API_MISUSE:
		for (size_t k = 0; k < f->nstacks && i < 0; k++)
			if (f->stacks[k].role && strcmp(f->stacks[k].role, "current") == 0)
				i = (int)k;
		break;
	default:
		break;
	}
	if (i < 0 && f->nstacks > 0)
		i = 0;
	return i;
}

char *report_describe_location(const struct report_finding *f, char *buf, size_t len)
{
	int si = report_describe_primary_stack(f);
	const struct report_frame *fr = si >= 0 ? report_describe_user_frame(&f->stacks[si]) : NULL;
	return report_describe_where(fr, buf, len);
}

static const char *lock_kind_of(const struct report *r, int id)
{
	const struct report_lock *l = r && id >= 0 ? report_find_lock(r, id) : NULL;
	return l ? l->kind : NULL;
}

static const char *mode_suffix(const char *mode, const char *kind)
{
	/* Only worth saying for rwlocks, where read and write holds differ. */
	if (!mode || !kind || strcmp(kind, "rwlock") != 0)
		return "";
	return strcmp(mode, "read") == 0 ? " for reading" : " for writing";
}

/* Waits that are not on a lock: the call that blocks. */
static const char *wait_call(const char *wait_kind)
{
	static const struct {
		const char *kind, *call;
	} calls[] = {
		{"join", "join"},         {"c11-join", "thrd_join"}, {"cond", "cond_wait"},
		{"c11-cond", "cnd_wait"}, {"sem", "sem_wait"},       {"barrier", "barrier_wait"},
		{"once", "pthread_once"},
	};
	for (size_t i = 0; wait_kind && i < sizeof calls / sizeof calls[0]; i++)
		if (strcmp(wait_kind, calls[i].kind) == 0)
			return calls[i].call;
	return NULL;
}

char *report_describe_lock_op(const struct report *r, int id, const char *mode, char *buf, size_t len)
{
	char lab[24];
	const char *k = lock_kind_of(r, id);
	const char *op = "lock";
	if (k && strcmp(k, "rwlock") == 0 && mode)
		op = strcmp(mode, "read") == 0 ? "rdlock" : "wrlock";
	snprintf(buf, len, "%s(%s)", op, report_describe_lock(id, lab, sizeof lab));
	return buf;
}

char *report_describe_step_op(const struct report *r, const struct report_cycle_step *s, int which,
                              char *buf, size_t len)
{
	buf[0] = 0;
	if (which == 0) {
		if (s->holds >= 0)
			report_describe_lock_op(r, s->holds, s->hold_mode, buf, len);
		return buf;
	}
	const char *call = wait_call(s->wait_kind);
	if (s->waits >= 0 || !call) {
		report_describe_lock_op(r, s->waits, s->wait_mode, buf, len);
	} else if (s->waits_thread >= 0 || strstr(call, "join")) {
		char t[24];
		snprintf(buf, len, "%s(%s)", call, report_describe_thread(s->waits_thread, t, sizeof t));
	} else {
		snprintf(buf, len, "%s()", call);
	}
	return buf;
}

char *report_describe_wait(const struct report *r, const struct report_cycle_step *s, char *buf,
                           size_t len)
{
	const char *k = s->wait_kind ? s->wait_kind : "";
	char t[24];
	if (strcmp(k, "join") == 0 || strcmp(k, "c11-join") == 0) {
		snprintf(buf, len, "thread %s to end (join)", report_describe_thread(s->waits_thread, t, sizeof t));
	} else if (s->waits >= 0) {
		char d[400];
		report_describe_lock_long(r, s->waits, d, sizeof d);
		snprintf(buf, len, "%s%s", d, mode_suffix(s->wait_mode, lock_kind_of(r, s->waits)));
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
	return buf;
}

/* Which thread of the cycle holds lock id (another step's `holds`), or -1. */
static int holder_in_cycle(const struct report_finding *f, int lock, size_t except)
{
	for (size_t i = 0; i < f->ncycle; i++)
		if (i != except && f->cycle[i].holds == lock)
			return f->cycle[i].thread;
	return -1;
}

char *report_describe_step_heading(const struct report *r, const struct report_finding *f, size_t step,
                                   int which, int brief, char *buf, size_t len)
{
	if (step >= f->ncycle) {
		snprintf(buf, len, "?");
		return buf;
	}
	char t[24];
	snprintf(buf, len, "Thread %s ", report_describe_thread(f->cycle[step].thread, t, sizeof t));
	size_t used = strlen(buf);
	if (used + 1 < len)
		report_describe_step_action(r, f, step, which, brief, buf + used, len - used);
	return buf;
}

char *report_describe_step_action(const struct report *r, const struct report_finding *f, size_t step,
                                  int which, int brief, char *buf, size_t len)
{
	if (step >= f->ncycle) {
		snprintf(buf, len, "?");
		return buf;
	}
	const struct report_cycle_step *s = &f->cycle[step];
	bool deadlock = f->kind == REPORT_DEADLOCK;
	char d[400];
	if (which == 0) {
		if (s->holds < 0) {
			snprintf(buf, len, "holds no lock");
			return buf;
		}
		if (brief)
			report_describe_lock_named(r, s->holds, d, sizeof d);
		else
			report_describe_lock_long(r, s->holds, d, sizeof d);
		snprintf(buf, len, "holds %s%s, taken at:", d, mode_suffix(s->hold_mode, lock_kind_of(r, s->holds)));
		return buf;
	}
	if (s->holds >= 0 && s->holds == s->waits) {
		snprintf(buf, len, "%s it again at:", deadlock ? "waits to lock" : "takes");
		return buf;
	}
	if (brief)
		report_describe_lock_named(r, s->waits, d, sizeof d);
	else
		report_describe_lock_long(r, s->waits, d, sizeof d);
	if (!deadlock) {
		snprintf(buf, len, "takes %s%s at:", d, mode_suffix(s->wait_mode, lock_kind_of(r, s->waits)));
		return buf;
	}
	char w[480];
	if (brief && s->waits >= 0)
		snprintf(w, sizeof w, "%s%s", d, mode_suffix(s->wait_mode, lock_kind_of(r, s->waits)));
	else
		report_describe_wait(r, s, w, sizeof w);
	int holder = s->waits >= 0 ? holder_in_cycle(f, s->waits, step) : -1;
	char h[48] = "";
	if (holder >= 0) {
		char ht[24];
		snprintf(h, sizeof h, ", held by %s,", report_describe_thread(holder, ht, sizeof ht));
	}
	snprintf(buf, len, "waits for %s%s at:", w, h);
	return buf;
}

char *report_describe_access(const struct report *r, const struct report_finding *f, size_t index,
                             char *buf, size_t len)
{
	if (index >= f->naccesses) {
		snprintf(buf, len, "?");
		return buf;
	}
	const struct report_access *a = &f->accesses[index];
	char t[24], l[256], lab[24];
	if (!a->nlocks) {
		snprintf(l, sizeof l, "no locks held");
	} else {
		snprintf(l, sizeof l, "locks held: ");
		for (size_t i = 0; i < a->nlocks; i++)
			cat(l, sizeof l, "%s%s", i ? ", " : "", report_describe_lock(a->locks[i], lab, sizeof lab));
	}
	const char *what = a->write ? "write" : "read";
	if (index)
		snprintf(buf, len, "Previous %s%s", a->atomic ? "atomic " : "", what);
	else if (a->atomic)
		snprintf(buf, len, "Atomic %s", what);
	else
		snprintf(buf, len, "%s", a->write ? "Write" : "Read");
	cat(buf, len, " of size %u at 0x%" PRIx64 " by thread %s (%s)", a->size, a->addr,
	    report_describe_thread(a->thread, t, sizeof t), l);
	(void)r;
	return buf;
}

char *report_describe_memory(const struct report_memory *m, char *buf, size_t len)
{
	char t[24];
	report_describe_thread(m->thread, t, sizeof t);
	const char *k = m->kind ? m->kind : "unknown";
	char at[96] = "";
	if (m->offset)
		snprintf(at, sizeof at, "%" PRIu64 " bytes inside ", m->offset);
	if (strcmp(k, "global") == 0) {
		snprintf(buf, len, "Location is %sglobal %s of size %" PRIu64 " at 0x%" PRIx64, at,
		         m->name ? m->name : "?", m->size, m->base);
		if (m->module)
			cat(buf, len, " (%s)", report_describe_basename(m->module));
	} else if (strcmp(k, "heap") == 0) {
		snprintf(buf, len, "Location is %sheap block of size %" PRIu64 " at 0x%" PRIx64 " allocated by thread %s",
		         at, m->size, m->base, t);
	} else if (strcmp(k, "stack") == 0) {
		snprintf(buf, len, "Location is on the stack of thread %s", t);
	} else if (strcmp(k, "tls") == 0) {
		snprintf(buf, len, "Location is thread-local storage of thread %s", t);
	} else {
		snprintf(buf, len, "Location is unknown memory");
	}
	return buf;
}

char *report_describe_stack_heading(const struct report_stack *s, char *buf, size_t len)
{
	static const struct {
		const char *role, *phrase;
	} phrases[] = {
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
	const char *ph = NULL;
	for (size_t i = 0; s->role && i < sizeof phrases / sizeof phrases[0]; i++)
		if (strcmp(phrases[i].role, s->role) == 0)
			ph = phrases[i].phrase;
	char t[24];
	report_describe_thread(s->thread, t, sizeof t);
	if (s->thread >= 0 && ph)
		snprintf(buf, len, "Thread %s %s:", t, ph);
	else if (s->thread >= 0)
		snprintf(buf, len, "Thread %s, stack \"%s\":", t, s->role ? s->role : "?");
	else
		snprintf(buf, len, "Stack \"%s\":", s->role ? s->role : "?");
	return buf;
}

/* deadlock.c - the deadlock watchdog (semantics in deadlock.h). */
#include "deadlock.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "finding.h"
#include "intercept.h"
#include "obj.h"
#include "report_rt.h"
#include "rt.h"
#include "stack.h"
#include "thread.h"

#define STACK_SIGNAL (SIGRTMAX - 2)

static rt_spin end_lock;         /* one ending at a time */
static uint64_t *last_seq;       /* per thread id, as seen at the previous tick */
static uint32_t *stable;         /* ticks the thread has stayed in the same wait */
static int track_cap;

static bool waits_on_thread(int k);

/* Blocked for good, as far as weft can tell: an untimed wait on an object no other process uses
 * (a process-shared one may be released by a process weft does not see). */
static bool is_blocked(const struct wthr *t)
{
	int k = t->wait_kind;
	if (k == WAIT_NONE || (k & WAIT_TIMED) || !t->started || t->finished)
		return false;
	const struct wobj *o = waits_on_thread(k) ? NULL : t->wait_obj;
	return !(o && o->shared);
}

static const char *wait_kind_name(int k)
{
	switch (k & WAIT_KIND_MASK) {
	case WAIT_MUTEX: return "mutex";
	case WAIT_RWLOCK_RD: case WAIT_RWLOCK_WR: return "rwlock";
	case WAIT_SPIN: return "spinlock";
	case WAIT_COND: return "cond";
	case WAIT_SEM: return "sem";
	case WAIT_BARRIER: return "barrier";
	case WAIT_JOIN: return "join";
	case WAIT_ONCE: return "once";
	case WAIT_C11_MUTEX: return "c11-mutex";
	case WAIT_C11_COND: return "c11-cond";
	case WAIT_C11_JOIN: return "c11-join";
	default: return "unknown";
	}
}

static bool waits_on_lock(int k)
{
	k &= WAIT_KIND_MASK;
	return k == WAIT_MUTEX || k == WAIT_RWLOCK_RD || k == WAIT_RWLOCK_WR || k == WAIT_SPIN || k == WAIT_C11_MUTEX;
}

static bool waits_on_thread(int k)
{
	k &= WAIT_KIND_MASK;
	return k == WAIT_JOIN || k == WAIT_C11_JOIN;
}

/* A thread that holds l (in any mode), preferring a blocked one; NULL if none. */
static struct wthr *holder_of(struct wlock *l, const struct wthr *not)
{
	/* the threads' own lists of held locks are the truth (lock.h); the record's owner field is
	 * kept only for the explore scheduler */
	struct wthr *any = NULL;
	int n = thread_count();
	for (int i = 0; i < n; i++) {
		struct wthr *t = thread_by_id(i);
		if (!t || t == not || t->finished)
			continue;
		struct held *h = __atomic_load_n(&t->held, __ATOMIC_ACQUIRE);
		uint32_t nh = t->nheld;
		for (uint32_t j = 0; j < nh; j++)
			if (h[j].lock == l) {
				if (is_blocked(t))
					return t;
				any = t;
			}
	}
	return any;
}

static struct wthr *successor(struct wthr *t)
{
	int k = t->wait_kind;
	void *obj = t->wait_obj;
	if (waits_on_lock(k) && obj)
		return holder_of(obj, t);
	if (waits_on_thread(k) && obj) {
		struct wthr *u = obj;
		return u->finished ? NULL : u;
	}
	return NULL;
}

static int unknown_threads(void)
{
	/* threads of the process that weft does not know: anything but registered live ones and the
	 * watchdog itself */
	DIR *d = opendir("/proc/self/task");
	if (!d)
		return 1; /* cannot tell: assume someone may still wake the others */
	int tasks = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			tasks++;
	closedir(d);
	int live = 0, n = thread_count();
	for (int i = 0; i < n; i++) {
		struct wthr *t = thread_by_id(i);
		if (t && t->started && !t->finished)
			live++;
	}
	return tasks - 1 - live;
}

/* sem_post is async-signal-safe: a program may post from a signal handler (a shutdown semaphore
 * posted on SIGTERM is common), so threads waiting on a semaphore are not stuck for good while the
 * program has a handler installed for some signal. */
static bool signal_may_post(void)
{
	for (int sig = 1; sig < SIGRTMAX; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP || sig == STACK_SIGNAL)
			continue;
		struct sigaction old;
		if (sigaction(sig, NULL, &old) != 0)
			continue;
		if ((old.sa_flags & SA_SIGINFO) ? old.sa_sigaction != NULL
						  : (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN))
			return true;
	}
	return false;
}

/* ---- stacks of blocked threads: each thread captures its own on a signal ---- */

static void stack_signal(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)si; (void)uc;
	int e = errno;
	struct wthr *t = rt_cur;
	if (t && t->stack_request) {
		t->blocked_stack = stack_capture_ex(true);
		__atomic_store_n(&t->stack_request, 0, __ATOMIC_RELEASE);
	}
	errno = e;
}

static void collect_stacks(struct wthr **ts, int n)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = stack_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	sigaction(STACK_SIGNAL, &sa, NULL);
	for (int i = 0; i < n; i++) {
		if (ts[i] == rt_cur) {
			ts[i]->blocked_stack = stack_capture();
			continue;
		}
		ts[i]->stack_request = 1;
		syscall(SYS_tgkill, rt_pid, ts[i]->tid, STACK_SIGNAL);
	}
	for (int tries = 0; tries < 60; tries++) {
		int pending = 0;
		for (int i = 0; i < n; i++)
			pending += __atomic_load_n(&ts[i]->stack_request, __ATOMIC_ACQUIRE);
		if (!pending)
			break;
		struct timespec ts5 = {0, 5 * 1000 * 1000};
		nanosleep(&ts5, NULL);
	}
}

static void end_program(void) __attribute__((noreturn));
static void end_program(void)
{
	report_rt_final(rt_opt.exitcode, true);
	RF(_exit)((int)rt_opt.exitcode);
	__builtin_unreachable();
}

/* One step of a deadlock finding for blocked thread t; `holds` is the lock the previous thread of
 * the cycle waits for (NULL: the first lock t holds, if any). */
static void add_step(struct rfinding *f, int i, struct wthr *t, struct wlock *holds)
{
	struct rstep *s = &f->steps[i];
	int k = t->wait_kind;
	s->thread = t->id;
	s->wait_kind = wait_kind_name(k);
	s->waits = -1;
	s->waits_thread = -1;
	s->holds = -1;
	s->hold_stack = -1;
	if (waits_on_lock(k) && t->wait_obj) {
		struct wlock *l = t->wait_obj;
		s->waits = l->o.id;
		s->wait_read = (k & WAIT_KIND_MASK) == WAIT_RWLOCK_RD;
		finding_add_lock(f, l->o.id);
	} else if (waits_on_thread(k) && t->wait_obj) {
		s->waits_thread = ((struct wthr *)t->wait_obj)->id;
	}
	s->wait_stack = finding_add_stack(f, RSTK_DEPOT, t->blocked_stack, t->wait_pc, "blocked", t->id);
	struct held *hs = __atomic_load_n(&t->held, __ATOMIC_ACQUIRE);
	for (uint32_t j = 0; j < t->nheld; j++) {
		if (holds ? hs[j].lock != holds : false)
			continue;
		s->holds = hs[j].lock->o.id;
		s->hold_read = hs[j].read;
		finding_add_lock(f, s->holds);
		s->hold_stack = hs[j].stack ? finding_add_stack(f, RSTK_DEPOT, hs[j].stack, 0, "held", t->id)
					    : finding_add_stack(f, RSTK_SPLICE, t->blocked_stack, hs[j].pc, "held", t->id);
		break;
	}
	finding_add_thread(f, t->id);
}

static void report_deadlock(struct wthr **ts, int n, bool cycle)
{
	if (!rt_spin_trylock(&end_lock))
		for (;;)
			pause(); /* another thread is ending the program */
	collect_stacks(ts, n);
	struct rfinding *f = finding_new(REPORT_DEADLOCK, 2 * n, n, n);
	f->sig = 0xdead;
	for (int i = 0; i < n; i++) {
		struct wlock *holds = NULL;
		if (cycle) {
			struct wthr *prev = ts[(i + n - 1) % n];
			if (waits_on_lock(prev->wait_kind))
				holds = prev->wait_obj;
		}
		add_step(f, i, ts[i], holds);
	}
	int len;
	if (cycle) {
		len = snprintf(f->summary, sizeof f->summary, "%d threads wait for each other:", n);
		for (int i = 0; i < n && len < (int)sizeof f->summary; i++) {
			struct rstep *s = &f->steps[i];
			if (s->waits > 0)
				len += snprintf(f->summary + len, sizeof f->summary - (size_t)len, "%s T%d waits for %s M%d held by T%d",
						i ? ";" : "", s->thread, s->wait_kind, s->waits, ts[(i + 1) % n]->id);
			else
				len += snprintf(f->summary + len, sizeof f->summary - (size_t)len, "%s T%d joins T%d",
						i ? ";" : "", s->thread, s->waits_thread);
		}
	} else {
		len = snprintf(f->summary, sizeof f->summary,
			       "all %d thread%s blocked with nobody left to wake them:", n, n > 1 ? "s are" : " is");
		for (int i = 0; i < n && len < (int)sizeof f->summary; i++)
			len += snprintf(f->summary + len, sizeof f->summary - (size_t)len, "%s T%d in %s", i ? "," : "",
					f->steps[i].thread, f->steps[i].wait_kind);
	}
	finding_publish(f);
	end_program();
}

void deadlock_report(struct wthr **ts, int n, bool cycle)
{
	report_deadlock(ts, n, cycle);
	__builtin_unreachable();
}

void deadlock_self(struct wthr *t, struct wlock *l, uintptr_t pc)
{
	if (!rt_opt.deadlock)
		return;
	rt_guard++;
	if (!rt_spin_trylock(&end_lock))
		for (;;)
			pause();
	uint32_t st = stack_capture();
	struct rfinding *f = finding_new(REPORT_DEADLOCK, 2, 1, 1);
	f->sig = 0xdead;
	struct rstep *s = &f->steps[0];
	struct held *h = thread_held_find(t, l);
	s->thread = t->id;
	s->holds = s->waits = l->o.id;
	s->waits_thread = -1;
	s->wait_kind = obj_kind_name(l->o.kind);
	s->hold_read = h && h->read;
	s->wait_stack = finding_add_stack(f, RSTK_DEPOT, st, pc, "blocked", t->id);
	s->hold_stack = h && h->stack ? finding_add_stack(f, RSTK_DEPOT, h->stack, 0, "held", t->id)
				      : finding_add_stack(f, RSTK_SPLICE, st, h ? h->pc : 0, "held", t->id);
	finding_add_thread(f, t->id);
	finding_add_lock(f, l->o.id);
	snprintf(f->summary, sizeof f->summary,
		 "thread T%d locks %s M%d, which it already holds (self-deadlock)", t->id,
		 obj_kind_name(l->o.kind), l->o.id);
	finding_publish(f);
	t->wait_kind = (l->o.kind == OBJ_RWLOCK ? WAIT_RWLOCK_WR : WAIT_MUTEX);
	t->wait_obj = l;
	t->blocked_stack = st;
	end_program();
}

static void grow_tracking(int n)
{
	if (n <= track_cap)
		return;
	int cap = track_cap ? track_cap : 64;
	while (cap < n)
		cap *= 2;
	uint64_t *ls = rt_alloc((size_t)cap * sizeof *ls);
	uint32_t *st = rt_alloc((size_t)cap * sizeof *st);
	if (track_cap) {
		memcpy(ls, last_seq, (size_t)track_cap * sizeof *ls);
		memcpy(st, stable, (size_t)track_cap * sizeof *st);
	}
	last_seq = ls;
	stable = st;
	track_cap = cap;
}

static void tick(void)
{
	int n = thread_count();
	grow_tracking(n);
	int live = 0, blocked = 0;
	uint32_t min_stable = UINT32_MAX;
	for (int i = 0; i < n; i++) {
		struct wthr *t = thread_by_id(i);
		if (!t || !t->started || t->finished) {
			stable[i] = 0;
			continue;
		}
		live++;
		uint64_t seq = t->wait_seq;
		if (is_blocked(t) && seq == last_seq[i])
			stable[i]++;
		else
			stable[i] = 0;
		last_seq[i] = seq;
		if (is_blocked(t)) {
			blocked++;
			if (stable[i] < min_stable)
				min_stable = stable[i];
		}
	}
	uint32_t need = (uint32_t)(rt_opt.deadlock_ms / DEADLOCK_TICK_MS) + 1;
	/* wait-for cycles */
	for (int i = 0; i < n; i++) {
		struct wthr *t = thread_by_id(i);
		if (!t || !is_blocked(t) || stable[i] < need)
			continue;
		struct wthr *path[64];
		int len = 0;
		struct wthr *u = t;
		while (u && is_blocked(u) && stable[u->id] >= need && len < 64) {
			int seen = -1;
			for (int j = 0; j < len; j++)
				if (path[j] == u)
					seen = j;
			if (seen >= 0) {
				report_deadlock(path + seen, len - seen, true);
				return;
			}
			path[len++] = u;
			u = successor(u);
		}
	}
	/* everybody blocked */
	bool sem_wait_seen = false;
	for (int i = 0; i < n && !sem_wait_seen; i++) {
		struct wthr *t = thread_by_id(i);
		sem_wait_seen = t && is_blocked(t) && (t->wait_kind & WAIT_KIND_MASK) == WAIT_SEM;
	}
	if (live > 0 && blocked == live && min_stable >= 2 * need && unknown_threads() <= 0 &&
	    !(sem_wait_seen && signal_may_post())) {
		struct wthr **ts = rt_alloc((size_t)live * sizeof *ts);
		int k = 0;
		for (int i = 0; i < n && k < live; i++) {
			struct wthr *t = thread_by_id(i);
			if (t && is_blocked(t))
				ts[k++] = t;
		}
		report_deadlock(ts, k, false);
	}
}

static void *watchdog(void *arg)
{
	(void)arg;
	rt_guard = 1; /* never a program thread: no hooks */
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	for (;;) {
		struct timespec ts = {0, DEADLOCK_TICK_MS * 1000 * 1000};
		nanosleep(&ts, NULL);
		report_rt_changed(); /* findings published where writing was not safe */
		if (rt_opt.deadlock)
			tick();
	}
	return NULL;
}

void deadlock_start_watchdog(void)
{
	pthread_t th;
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&a, 256 * 1024);
	rt_guard++;
	int r = RF(pthread_create)(&th, &a, watchdog, NULL);
	rt_guard--;
	pthread_attr_destroy(&a);
	if (r != 0)
		rt_printf("cannot start the deadlock watchdog (error %d): deadlocks will not be detected\n", r);
}

void deadlock_after_fork_child(void)
{
	end_lock.v = 0;
	track_cap = 0;
	deadlock_start_watchdog();
}

/* sched.c - the explore-mode scheduler: turns, the blocking model, strategies, step log, virtual
 * time (semantics in sched.h, design in docs/explore.md).
 *
 * Rules: only the thread holding the turn reads or writes the scheduler's state (threads coming
 * back from an uncontrolled system call publish S_BACK with an atomic store). Turns are handed over
 * with a per-thread futex word, by raw system calls (no pthread function, which weft intercepts).
 */
#include "sched.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "deadlock.h"
#include "finding.h"
#include "intercept.h"
#include "obj.h"
#include "report_rt.h"
#include "sched_int.h"
#include "stack.h"
#include "thread.h"

volatile int rt_sched_on;
struct sched_config sched_cfg;
struct sched_res *sched_res;
struct sched_step *sched_steps;
struct sched_cycle sched_cycle;

enum { S_NONE = 0, S_NEW, S_RUN, S_BLOCK, S_OUT, S_BACK, S_DONE };
enum { B_NONE = 0, B_LOCK, B_COND, B_SEM, B_BARRIER, B_ONCE, B_JOIN };

struct sthr {
	volatile int turn;        /* futex word: 1 when this thread may run */
	volatile int state;       /* S_* */
	int bkind;                /* B_*: what a blocked thread waits for */
	void *bobj;
	bool bwrite;              /* B_LOCK: exclusive */
	bool timed;               /* the wait may time out: always enabled */
	bool signalled;           /* B_COND: picked by a signal or broadcast */
	uint64_t bgen;            /* B_BARRIER: generation waited on; B_COND: arrival order */
	uint64_t prio;            /* pct */
	uintptr_t atomic_pc;      /* call site of this thread's last scheduling point when it was an
				     atomic, else 0 (spin detection) */
	int pause_edge;           /* --confirm: 1 + the cycle edge this thread is paused at, 0 none */
	uint32_t pause_step;      /* --confirm: the step it was paused at */
	struct wlock *pause_held, *pause_want;
};

/* Small objects modelled only here (barriers, once), keyed by address; only the turn holder uses
 * the table. 4096 slots: far more than the barriers and once flags of a test program. */
#define SOBJ_SLOTS 4096
struct sobj {
	uintptr_t addr;
	uint64_t gen;
	unsigned arrived;
	int once_state;           /* 0 not run, 1 running, 2 done */
	int once_runner;
};

static struct sthr *S[SCHED_MAX_THREADS];
static int nthr;                         /* ids < nthr may be in S */
static struct sobj *sobjs;
static uint64_t rng;
static uint64_t cond_seq;
static volatile int back_word;           /* bumped when a thread comes back from a system call */
static volatile int parked;              /* 1: nobody holds the turn (all out in system calls) */
static uint64_t change_points[16];       /* pct */
static uint32_t nchange;

/* ---- virtual time ---- */
static struct timespec base_rt, base_mono;
static uint64_t vt_ns;                   /* virtual nanoseconds since the run began */
#define STEP_NS 1000                     /* each decision advances virtual time by 1 us */

void sched_time_base(void)
{
	clock_gettime(CLOCK_REALTIME, &base_rt);
	base_rt.tv_nsec = 0;                 /* whole seconds: the same base in every run of one server */
	base_mono.tv_sec = 1000000;
	base_mono.tv_nsec = 0;
}

static uint64_t ts_ns(const struct timespec *ts) { return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec; }

static uint64_t to_vt(clockid_t clk, const struct timespec *abs)
{
	uint64_t base = ts_ns(clk == CLOCK_REALTIME ? &base_rt : &base_mono), t = ts_ns(abs);
	return t > base ? t - base : 0;
}

bool sched_clock_now(clockid_t clk, struct timespec *ts)
{
	if (!rt_sched_on || clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID)
		return false;
	uint64_t n = ts_ns(clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE ? &base_rt : &base_mono) + vt_ns;
	ts->tv_sec = (time_t)(n / 1000000000ull);
	ts->tv_nsec = (long)(n % 1000000000ull);
	return true;
}

/* ---- random numbers: splitmix64 (fast, good enough for schedule choices) ---- */
static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
static uint32_t rnd_below(uint32_t n) { return n ? (uint32_t)(rnd() % n) : 0; }

/* ---- futex turns ---- */
static long futex(volatile int *w, int op, int val)
{
	return syscall(SYS_futex, w, op, val, NULL, NULL, 0);
}

static void give_turn(struct sthr *s)
{
	__atomic_store_n(&s->turn, 1, __ATOMIC_RELEASE);
	futex(&s->turn, FUTEX_WAKE_PRIVATE, 1);
}

static void wait_turn(struct sthr *s)
{
	/* a short spin first: on two cores the turn often comes back within microseconds */
	for (int i = 0; i < 200; i++) {
		if (__atomic_load_n(&s->turn, __ATOMIC_ACQUIRE))
			goto got;
		__builtin_ia32_pause();
	}
	while (!__atomic_load_n(&s->turn, __ATOMIC_ACQUIRE))
		futex(&s->turn, FUTEX_WAIT_PRIVATE, 0);
got:
	s->turn = 0;
}

/* ---- the model ---- */
static struct sobj *sobj_get(void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	uint32_t h = (uint32_t)((a >> 3) * 0x9e3779b1u) % SOBJ_SLOTS;
	for (uint32_t i = 0; i < SOBJ_SLOTS; i++) {
		struct sobj *o = &sobjs[(h + i) % SOBJ_SLOTS];
		if (o->addr == a)
			return o;
		if (o->addr == 0) {
			o->addr = a;
			return o;
		}
	}
	return NULL;
}

static bool lock_free_for(const struct wlock *l, int id, bool write)
{
	if (l->owner == id) {
		/* re-lock by the owner: recursive and errorcheck mutexes and rwlocks return at once
		 * (counted, or EDEADLK); a normal mutex or spinlock waits for itself */
		if (l->o.kind == OBJ_MUTEX || l->o.kind == OBJ_C11_MUTEX)
			return l->type == MT_RECURSIVE || l->type == MT_ERRORCHECK;
		return l->o.kind == OBJ_RWLOCK;
	}
	if (l->owner >= 0)
		return false;
	return !(write && l->nreaders > 0);
}

static bool thread_done(const struct wthr *u)
{
	if (u->id < SCHED_MAX_THREADS && S[u->id])
		return S[u->id]->state == S_DONE;
	return u->finished;
}

static bool cond_ok(const struct sthr *s, int id)
{
	switch (s->bkind) {
	case B_LOCK: return lock_free_for(s->bobj, id, s->bwrite);
	case B_COND: return s->signalled;
	case B_SEM: {
		int v = 0;
		sem_getvalue(s->bobj, &v);
		return v > 0;
	}
	case B_BARRIER: return ((struct sobj *)s->bobj)->gen != s->bgen;
	case B_ONCE: return ((struct sobj *)s->bobj)->once_state != 1;
	case B_JOIN: return thread_done(s->bobj);
	default: return true;
	}
}

static bool enabled(int id)
{
	struct sthr *s = S[id];
	if (!s)
		return false;
	switch (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE)) {
	case S_NEW: case S_RUN: case S_BACK: return true;
	case S_BLOCK: return s->timed || cond_ok(s, id);
	default: return false;
	}
}

/* ---- failures ---- */
static struct wthr *succ_of(struct wthr *t)
{
	struct sthr *s = S[t->id];
	if (!s || s->state != S_BLOCK || s->timed)
		return NULL;
	if (s->bkind == B_JOIN)
		return thread_done(s->bobj) ? NULL : s->bobj;
	if (s->bkind != B_LOCK)
		return NULL;
	struct wlock *l = s->bobj;
	if (l->owner >= 0)
		return thread_by_id(l->owner);
	for (int i = 0; i < nthr; i++) {   /* a reader holding an rwlock */
		struct wthr *u = thread_by_id(i);
		if (u && u != t && S[i] && S[i]->state != S_DONE && thread_held_find(u, l))
			return u;
	}
	return NULL;
}

static void finish_failure(int kind) __attribute__((noreturn));
static void finish_failure(int kind)
{
	sched_res->failure = kind;
	sched_record_findings();
	if (sched_cfg.flags & SREQ_REPORT)
		report_rt_final((int)rt_opt.exitcode, true);
	RF(_exit)((int)rt_opt.exitcode);
	__builtin_unreachable();
}

static void fail_deadlock(void) __attribute__((noreturn));
static void fail_deadlock(void)
{
	rt_guard++;
	struct wthr *ts[SCHED_MAX_THREADS];
	int n = 0;
	/* a wait-for cycle first: follow lock owners and join targets */
	for (int i = 0; i < nthr && n == 0; i++) {
		struct wthr *path[64];
		int len = 0;
		for (struct wthr *u = thread_by_id(i); u && len < 64; u = succ_of(u)) {
			int seen = -1;
			for (int j = 0; j < len; j++)
				if (path[j] == u)
					seen = j;
			if (seen >= 0) {
				for (int j = seen; j < len; j++)
					ts[n++] = path[j];
				break;
			}
			path[len++] = u;
		}
	}
	bool cycle = n > 0;
	if (!cycle)
		for (int i = 0; i < nthr; i++)
			if (S[i] && S[i]->state == S_BLOCK)
				ts[n++] = thread_by_id(i);
	char *p = sched_res->summary;
	size_t cap = sizeof sched_res->summary;
	int k = snprintf(p, cap, cycle ? "deadlock: wait-for cycle:" : "deadlock: all %d threads blocked:", n);
	for (int i = 0; i < n && k < (int)cap; i++) {
		struct sthr *s = S[ts[i]->id];
		const char *what = s->bkind == B_LOCK ? "lock" : s->bkind == B_COND ? "cond" : s->bkind == B_SEM ? "sem"
				 : s->bkind == B_BARRIER ? "barrier" : s->bkind == B_JOIN ? "join" : "once";
		if (s->bkind == B_LOCK)
			k += snprintf(p + k, cap - (size_t)k, " T%d waits for M%d;", ts[i]->id, ((struct wlock *)s->bobj)->o.id);
		else if (s->bkind == B_JOIN)
			k += snprintf(p + k, cap - (size_t)k, " T%d joins T%d;", ts[i]->id, ((struct wthr *)s->bobj)->id);
		else
			k += snprintf(p + k, cap - (size_t)k, " T%d in %s;", ts[i]->id, what);
	}
	sched_res->failure = SF_DEADLOCK;
	sched_record_findings();
	if ((sched_cfg.flags & SREQ_REPORT) && n > 0)
		deadlock_report(ts, n, cycle);          /* stacks, finding, report, exit 66 */
	finish_failure(SF_DEADLOCK);
}

static void fail_livelock(void) __attribute__((noreturn));
static void fail_livelock(void)
{
	rt_guard++;
	snprintf(sched_res->summary, sizeof sched_res->summary,
		 "livelock: the run did not end within %u scheduling steps", sched_cfg.max_steps);
	finish_failure(SF_LIVELOCK);
}

static void fail_diverged(uint32_t step, int want) __attribute__((noreturn));
static void fail_diverged(uint32_t step, int want)
{
	rt_guard++;
	sched_res->diverged_step = (int32_t)step;
	snprintf(sched_res->summary, sizeof sched_res->summary,
		 "the program diverged from the schedule at step %u: thread T%d %s", step, want,
		 want >= nthr || !S[want] ? "does not exist" : "cannot run there");
	finish_failure(SF_DIVERGED);
}

void sched_record_findings(void)
{
	uint32_t m = 0;
	for (struct rfinding *f = finding_list(); f; f = f->next)
		m |= 1u << f->kind;
	sched_res->findings = m;
	sched_res->nthreads = (uint32_t)nthr;
}

/* ---- --confirm: steering toward a lock-order cycle (after DeadlockFuzzer, Joshi et al., PLDI 2009) ----
 *
 * A thread about to acquire a lock at the call site of edge i of the cycle while holding a lock it
 * took at the edge's held site is paused there: the strategy does not pick it while any thread that
 * is not paused can run, so the other threads reach their parts of the cycle. When every edge has a
 * paused thread and the locks chain (each one wants the lock the next one holds), all are let go:
 * the model then blocks each on the next and the run deadlocks. When only paused threads can run,
 * one of them (at random) is let go, so a cycle that cannot close costs a run, never a hang.
 * Pausing is only a choice of the strategy: the step log replays without any of this. */
static int paused_by[SCHED_CONFIRM_MAX];   /* 1 + id of the thread paused at edge i, 0 none */
/* A pause ends after this many decisions even while other threads can run: they may only be
 * spinning (yielding) until the paused thread goes on. Small tests reach their part of a cycle
 * within tens of decisions; a spin loop makes one per iteration. */
#define CONFIRM_PAUSE_STEPS 200

static void confirm_unpause(int id)
{
	struct sthr *s = S[id];
	if (s && s->pause_edge) {
		paused_by[s->pause_edge - 1] = 0;
		s->pause_edge = 0;
	}
}

static void confirm_arrive(struct wthr *t, struct sthr *s, struct wlock *l, uintptr_t pc)
{
	uint32_t n = sched_cycle.n;
	for (uint32_t i = 0; i < n && !s->pause_edge; i++) {
		if (sched_cycle.acq[i] != pc || paused_by[i])
			continue;
		for (uint32_t k = 0; k < t->nheld; k++)
			if (t->held[k].pc == sched_cycle.held[i] && t->held[k].lock != l) {
				s->pause_edge = (int)i + 1;
				s->pause_step = sched_res->nsteps;
				s->pause_held = t->held[k].lock;
				s->pause_want = l;
				paused_by[i] = t->id + 1;
				sched_res->confirm_reached |= 1u << i;
				break;
			}
	}
	if (!s->pause_edge)
		return;
	for (uint32_t i = 0; i < n; i++)
		if (!paused_by[i])
			return;
	/* every edge has its thread: let them all go (into the deadlock when the locks chain) */
	bool chain = true;   /* every wanted lock is held by a paused thread (edges of one site may be
				taken in any order) */
	for (uint32_t i = 0; i < n && chain; i++) {
		bool held = false;
		for (uint32_t k = 0; k < n && !held; k++)
			held = S[paused_by[i] - 1]->pause_want == S[paused_by[k] - 1]->pause_held;
		chain = held;
	}
	if (chain)
		sched_res->confirm_closed++;
	for (uint32_t i = 0; i < n; i++)
		if (paused_by[i])
			confirm_unpause(paused_by[i] - 1);
}

/* ---- preemption stacks (report runs only: exploration stays free of stack captures) ---- */
#define MAX_PREEMPT_STACKS 256   /* a shrunk schedule keeps a handful */
static struct sched_preempt pstk[MAX_PREEMPT_STACKS];
static unsigned npstk;

unsigned sched_preemptions(const struct sched_preempt **out)
{
	*out = pstk;
	return npstk;
}

/* ---- decisions ---- */

/* The non-preemptive default policy (dfs, and after imposed decisions): the asking thread goes on
 * when it can and did not yield; else the next enabled thread in id order after it. */
static int default_choice(int me, const int *E, int ne, bool me_ok, bool yield)
{
	if (me_ok && !yield)
		return me;
	for (int k = 0; k < ne; k++)
		if (E[k] > me)
			return E[k];
	return E[0] == me && ne > 1 ? E[1] : E[0];
}

static int strategy_choice(int me, const int *E, int ne, bool me_ok, bool yield, uint32_t step)
{
	/* a thread that yields lets another go first when there is one (fairness, after CHESS) */
	int C[SCHED_MAX_THREADS], nc = 0;
	for (int k = 0; k < ne; k++)
		if (!(yield && E[k] == me))
			C[nc++] = E[k];
	if (nc == 0) {
		C[0] = me;
		nc = 1;
	}
	switch (sched_cfg.strategy) {
	case SCHED_PCT: {
		for (uint32_t i = 0; i < nchange; i++)
			if (change_points[i] == step && S[me])
				S[me]->prio = i + 1;   /* below every initial priority (>= depth) */
		int best = C[0];
		for (int k = 1; k < nc; k++)
			if (S[C[k]]->prio > S[best]->prio)
				best = C[k];
		return best;
	}
	case SCHED_DFS:
		return default_choice(me, E, ne, me_ok, yield);
	default:
		return C[rnd_below((uint32_t)nc)];
	}
}

/* Choose who runs next; me holds the turn. Returns the chosen id; records the step. */
static int pick(int me, int op, bool yield, uintptr_t pc)
{
	int E[SCHED_MAX_THREADS], ne;
	for (;;) {
		ne = 0;
		int outs = 0;
		for (int i = 0; i < nthr; i++) {
			if (enabled(i))
				E[ne++] = i;
			else if (S[i] && S[i]->state == S_OUT)
				outs++;
		}
		if (ne > 0)
			break;
		if (outs == 0)
			fail_deadlock();
		/* someone is in an uncontrolled system call: wait until it comes back */
		int w = __atomic_load_n(&back_word, __ATOMIC_ACQUIRE);
		bool back = false;
		for (int i = 0; i < nthr && !back; i++)
			back = S[i] && S[i]->state == S_BACK;
		if (!back)
			futex(&back_word, FUTEX_WAIT_PRIVATE, w);
	}
	uint32_t step = sched_res->nsteps;
	if (step >= sched_cfg.max_steps)
		fail_livelock();
	bool me_ok = enabled(me);
	int chosen = -1;
	if (sched_cfg.follow != SFOLLOW_NONE && step < sched_cfg.ndecisions) {
		int want = sched_cfg.decisions[step];
		/* a thread still outside in a system call is waited for; when only following loosely
		 * (dfs prefixes, shrinking), not forever: it may be waiting for what the turn holder is
		 * about to do (a reader blocked on a pipe the holder writes next), so after 20 ms the
		 * decision is not followed */
		struct timespec t0, now;   /* raw: clock_gettime is virtual in explore mode */
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t0);
		/* (never the caller itself: it is on its way out into a system call, and would wait
		 * for its own return) */
		while (want != me && want < nthr && S[want] && S[want]->state == S_OUT) {
			int w = __atomic_load_n(&back_word, __ATOMIC_ACQUIRE);
			if (S[want]->state != S_OUT)
				break;
			if (sched_cfg.follow == SFOLLOW_STRICT) {
				futex(&back_word, FUTEX_WAIT_PRIVATE, w);
				continue;
			}
			struct timespec rel = {0, 2000000};
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now);
			if ((now.tv_sec - t0.tv_sec) * 1000000000L + (now.tv_nsec - t0.tv_nsec) > 20000000L)
				break;
			syscall(SYS_futex, &back_word, FUTEX_WAIT_PRIVATE, w, &rel, NULL, 0);
		}
		if (want < nthr && enabled(want))
			chosen = want;
		else if (sched_cfg.follow == SFOLLOW_STRICT)
			fail_diverged(step, want);
	}
	if (chosen < 0) {
		if (sched_cfg.follow != SFOLLOW_NONE && (sched_cfg.flags & SREQ_DEFAULT_AFTER)) {
			chosen = default_choice(me, E, ne, me_ok, yield);
		} else if (sched_cfg.flags & SREQ_CONFIRM) {
			/* paused threads wait while any other can run; else one of them goes on */
			int F[SCHED_MAX_THREADS], nf = 0;
			for (int k = 0; k < ne; k++) {
				struct sthr *c = S[E[k]];
				if (c->pause_edge && step - c->pause_step > CONFIRM_PAUSE_STEPS)
					confirm_unpause(E[k]);
				if (!c->pause_edge)
					F[nf++] = E[k];
			}
			if (nf == 0) {
				F[0] = E[rnd_below((uint32_t)ne)];
				confirm_unpause(F[0]);
				nf = 1;
			}
			chosen = strategy_choice(me, F, nf, me_ok && !S[me]->pause_edge, yield, step);
		} else {
			chosen = strategy_choice(me, E, ne, me_ok, yield, step);
		}
	}
	struct sched_step *st = &sched_steps[step];
	st->chosen = (uint16_t)chosen;
	st->cur = (uint16_t)me;
	st->flags = (uint8_t)((!me_ok || yield ? SSTEP_FREE : 0) | (yield ? SSTEP_YIELD : 0));
	if (S[chosen]->state == S_BLOCK && !cond_ok(S[chosen], chosen))
		st->flags |= SSTEP_TIMEOUT;
	st->op = (uint8_t)op;
	uint64_t mask = 0;
	for (int k = 0; k < ne; k++)
		if (E[k] < 64)
			mask |= 1ull << E[k];
	st->enabled = mask;
	st->pc = pc;
	if ((sched_cfg.flags & SREQ_REPORT) && chosen != me && !(st->flags & SSTEP_FREE) && npstk < MAX_PREEMPT_STACKS)
	{
		pstk[npstk++] = (struct sched_preempt){.step = step, .thread = me, .to = chosen, .op = op, .pc = pc,
						       .stack = stack_capture()};
		report_rt_flush();   /* in the report now: the run may end by a signal that writes none */
	}
	sched_res->nsteps = step + 1;
	vt_ns += STEP_NS;
	return chosen;
}

static struct sthr *ctl(const struct wthr *t)
{
	if (!t || t->id >= SCHED_MAX_THREADS)
		return NULL;
	struct sthr *s = S[t->id];
	if (!s || s->state == S_DONE || s->state == S_OUT || s->state == S_NEW)
		return NULL;
	return s;
}

/* One decision at the current thread's operation; returns when it holds the turn again. */
static void decide(struct wthr *t, int op, bool yield, uintptr_t pc)
{
	if (op != OP_ATOMIC)
		S[t->id]->atomic_pc = 0;
	rt_guard++;
	int next = pick(t->id, op, yield, pc);
	rt_guard--;
	if (next == t->id)
		return;
	give_turn(S[next]);
	wait_turn(S[t->id]);
}

#define PC_HERE ((uintptr_t)__builtin_return_address(0))

void sched_point(struct wthr *t, int op, uintptr_t pc)
{
	if (ctl(t))
		decide(t, op, false, pc);
}

void sched_yield_point(struct wthr *t, int op, uintptr_t pc)
{
	if (ctl(t))
		decide(t, op, true, pc);
}

void sched_atomic_point(uintptr_t pc)
{
	struct wthr *t = rt_cur;     /* a thread weft has not seen yet is not controlled anyway */
	struct sthr *s = ctl(t);
	if (!s || rt_guard)
		return;
	bool spin = s->atomic_pc == pc;
	s->atomic_pc = pc;
	decide(t, OP_ATOMIC, spin, pc);
}

/* Block t until its condition holds (or, timed, until it is picked anyway). true: the condition
 * holds; false: timed out (virtual time moves to the deadline). */
static bool block(struct wthr *t, struct sthr *s, int bkind, void *obj, clockid_t clk, const struct timespec *abs,
		  int op, uintptr_t pc)
{
	s->bkind = bkind;
	s->bobj = obj;
	s->timed = abs != NULL;
	__atomic_store_n(&s->state, S_BLOCK, __ATOMIC_RELEASE);
	decide(t, op, false, pc);
	bool ok = cond_ok(s, t->id);
	s->state = S_RUN;
	s->bkind = B_NONE;
	s->timed = false;
	if (!ok) {
		RT_CHECK(abs != NULL, t->id, bkind);
		uint64_t d = to_vt(clk, abs);
		if (d > vt_ns)
			vt_ns = d;
	}
	return ok;
}

int sched_lock(struct wthr *t, struct wlock *l, bool write, clockid_t clk, const struct timespec *abs, uintptr_t pc)
{
	struct sthr *s = ctl(t);
	if (!s || !l)
		return 0;
	if (unlikely(sched_cfg.flags & SREQ_CONFIRM))
		confirm_arrive(t, s, l, pc);
	s->bwrite = write;
	return block(t, s, B_LOCK, l, clk, abs, OP_LOCK, pc) ? 0 : ETIMEDOUT;
}

int sched_cond_wait(struct wthr *t, struct wcond *c, clockid_t clk, const struct timespec *abs, uintptr_t pc)
{
	struct sthr *s = ctl(t);
	if (!s)
		return 0;
	s->signalled = false;
	s->bgen = ++cond_seq;
	return block(t, s, B_COND, c, clk, abs, OP_COND_WAIT, pc) ? 0 : ETIMEDOUT;
}

void sched_cond_signal(struct wthr *t, struct wcond *c, bool all, uintptr_t pc)
{
	struct sthr *s = ctl(t);
	if (!s)
		return;
	decide(t, OP_SIGNAL, false, pc);
	/* signal: the longest waiter (FIFO); broadcast: every waiter */
	struct sthr *first = NULL;
	for (int i = 0; i < nthr; i++) {
		struct sthr *w = S[i];
		if (!w || w->state != S_BLOCK || w->bkind != B_COND || w->bobj != c || w->signalled)
			continue;
		if (all)
			w->signalled = true;
		else if (!first || w->bgen < first->bgen)
			first = w;
	}
	if (first)
		first->signalled = true;
}

int sched_sem_wait(struct wthr *t, void *sem, clockid_t clk, const struct timespec *abs, uintptr_t pc)
{
	struct sthr *s = ctl(t);
	if (!s)
		return 0;
	return block(t, s, B_SEM, sem, clk, abs, OP_SEM_WAIT, pc) ? 0 : ETIMEDOUT;
}

int sched_barrier_wait(struct wthr *t, void *addr, unsigned count, uintptr_t pc)
{
	struct sthr *s = ctl(t);
	if (!s || count == 0)
		return -1;
	decide(t, OP_BARRIER, false, pc);
	struct sobj *o = sobj_get(addr);
	if (!o)
		return -1;
	if (++o->arrived >= count) {
		o->arrived = 0;
		o->gen++;
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	s->bgen = o->gen;
	block(t, s, B_BARRIER, o, 0, NULL, OP_BARRIER, pc);
	return 0;
}

void sched_once_begin(struct wthr *t, void *flag, uintptr_t pc)
{
	struct sthr *s = ctl(t);
	if (!s)
		return;
	decide(t, OP_ONCE, false, pc);
	struct sobj *o = sobj_get(flag);
	if (!o)
		return;
	if (o->once_state == 1 && o->once_runner != t->id)
		block(t, s, B_ONCE, o, 0, NULL, OP_ONCE, pc);
	if (o->once_state == 0) {
		o->once_state = 1;
		o->once_runner = t->id;
	}
}

void sched_once_end(struct wthr *t, void *flag)
{
	if (!ctl(t))
		return;
	struct sobj *o = sobj_get(flag);
	if (o && o->once_state == 1 && o->once_runner == t->id)
		o->once_state = 2;
}

int sched_join(struct wthr *t, struct wthr *u, clockid_t clk, const struct timespec *abs, uintptr_t pc)
{
	struct sthr *s = ctl(t);
	if (!s)
		return 0;
	if (!u) {
		decide(t, OP_JOIN, false, pc);
		return 0;
	}
	return block(t, s, B_JOIN, u, clk, abs, OP_JOIN, pc) ? 0 : ETIMEDOUT;
}

/* ---- thread life ---- */

static struct sthr *new_sthr(int id)
{
	if (id >= SCHED_MAX_THREADS) {
		rt_printf("explore: more than %d threads in one run; thread T%d runs uncontrolled\n", SCHED_MAX_THREADS, id);
		return NULL;
	}
	struct sthr *s = rt_alloc(sizeof *s);
	s->prio = sched_cfg.depth + 1 + (rnd() >> 16);   /* pct: initial priorities are all >= depth */
	S[id] = s;
	if (id >= nthr)
		nthr = id + 1;
	return s;
}

void sched_thread_created(struct wthr *parent, struct wthr *child)
{
	if (!ctl(parent) || !child)
		return;
	struct sthr *s = new_sthr(child->id);
	if (s)
		s->state = S_NEW;
}

void sched_thread_create_failed(struct wthr *child)
{
	if (child && child->id < SCHED_MAX_THREADS && S[child->id])
		S[child->id]->state = S_DONE;
}

void sched_thread_start(struct wthr *t)
{
	if (!t || t->id >= SCHED_MAX_THREADS || !S[t->id] || S[t->id]->state != S_NEW)
		return;
	wait_turn(S[t->id]);
	S[t->id]->state = S_RUN;
}

void sched_thread_exit(struct wthr *t)
{
	struct sthr *s = ctl(t);
	if (!s)
		return;
	__atomic_store_n(&s->state, S_DONE, __ATOMIC_RELEASE);
	rt_guard++;
	int next = pick(t->id, OP_EXIT, false, PC_HERE);
	rt_guard--;
	give_turn(S[next]); /* and run on to the real end of the thread, uncontrolled */
}

/* ---- time and system calls ---- */

void sched_sleep(struct wthr *t, uint64_t ns, uintptr_t pc)
{
	if (!ctl(t))
		return;
	vt_ns += ns;
	decide(t, OP_SLEEP, true, pc);
}

void sched_syscall_enter(struct wthr *t, uintptr_t pc)
{
	struct sthr *s = ctl(t);
	if (!s)
		return;
	decide(t, OP_SYSCALL, false, pc);
	/* go out when someone else can run meanwhile; when nobody can but others are out in system
	 * calls too, go out and park the turn (the first to come back takes it); else keep the turn
	 * through the call */
	bool other = false;
	int outs = 0;
	for (int i = 0; i < nthr && !other; i++) {
		other = i != t->id && enabled(i);
		outs += i != t->id && S[i] && S[i]->state == S_OUT;
	}
	if (!other && outs == 0)
		return;
	__atomic_store_n(&s->state, S_OUT, __ATOMIC_SEQ_CST);
	if (!other) {
		__atomic_store_n(&parked, 1, __ATOMIC_SEQ_CST);
		for (int i = 0; i < nthr; i++)
			if (S[i] && __atomic_load_n(&S[i]->state, __ATOMIC_SEQ_CST) == S_BACK) {
				int one = 1;
				if (__atomic_compare_exchange_n(&parked, &one, 0, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
					give_turn(S[i]);
				break;
			}
		return;
	}
	rt_guard++;
	int next = pick(t->id, OP_SYSCALL, false, pc);
	rt_guard--;
	give_turn(S[next]);
}

void sched_syscall_leave(struct wthr *t)
{
	if (!t || t->id >= SCHED_MAX_THREADS || !S[t->id] || S[t->id]->state != S_OUT)
		return;
	struct sthr *s = S[t->id];
	__atomic_store_n(&s->state, S_BACK, __ATOMIC_SEQ_CST);
	int one = 1;
	if (__atomic_compare_exchange_n(&parked, &one, 0, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		s->state = S_RUN; /* the turn was parked: nobody holds it, take it */
		return;
	}
	__atomic_add_fetch(&back_word, 1, __ATOMIC_SEQ_CST);
	futex(&back_word, FUTEX_WAKE_PRIVATE, 1 << 30);
	wait_turn(s);
	s->state = S_RUN;
}

/* ---- start and end of a run ---- */

void sched_begin(void)
{
	struct wthr *t = rt_thread();
	sobjs = rt_mmap(SOBJ_SLOTS * sizeof *sobjs);
	RT_CHECK(sobjs != NULL, 0, 0);
	rng = sched_cfg.seed * 0x2545f4914f6cdd1dull + sched_cfg.run * 0x9e3779b97f4a7c15ull + 1;
	if (sched_cfg.max_steps == 0)
		sched_cfg.max_steps = SCHED_DEFAULT_MAX_STEPS;
	if (sched_cfg.strategy == SCHED_PCT) {
		uint32_t d = sched_cfg.depth ? sched_cfg.depth : 3;
		uint32_t len = sched_cfg.pct_len ? sched_cfg.pct_len : 100;
		nchange = d - 1 < 16 ? d - 1 : 16;
		for (uint32_t i = 0; i < nchange; i++)
			change_points[i] = 1 + rnd_below(len);
		sched_cfg.depth = d;
	}
	struct sthr *s = new_sthr(t->id);
	RT_CHECK(s != NULL, t->id, 0);
	s->state = S_RUN;
	__atomic_or_fetch(&rt_slow, RT_SLOW_SCHED, __ATOMIC_RELEASE); /* owners kept in wlock.owner */
	__atomic_store_n(&rt_sched_on, 1, __ATOMIC_RELEASE);
}

void sched_program_exit(int status)
{
	if (!rt_sched_on)
		return;
	__atomic_store_n(&rt_sched_on, 0, __ATOMIC_RELEASE); /* the exit path runs alone; others stay parked */
	rt_guard++;
	sched_record_findings();
	rt_guard--;
	if (!(sched_cfg.flags & SREQ_REPORT))
		RF(_exit)(status);
}

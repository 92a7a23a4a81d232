/* race_report.c - data races become findings (finding.h) and, at report time, the `accesses` and
 * `memory` of the report model (report.h).
 *
 * Rules: a race is recorded on the thread that sees it, with the re-entrancy guard raised (stack
 * capture and symbolization may take locks and allocate). Races are folded per pair of source
 * locations (the two access pcs): a table of recent pairs makes a repeated race cost a hash lookup
 * and a counter increment, never another stack capture. The previous access's stack comes from its
 * thread's history (race.c); when it cannot be rebuilt the stack keeps the thread and says why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "obj.h"
#include "race.h"
#include "report_rt.h"
#include "stack.h"
#include "symbolize.h"

struct race_acc {
	int thread;
	bool write, atomic;
	unsigned size;
	uintptr_t addr;
	int stack;
	int nlocks;
	int locks[8];
};

struct race_extra {
	struct race_acc acc[2];
	uintptr_t addr;
	const char *kind;        /* "heap", "global", "stack", "tls", "unknown" (refined at report time) */
	struct race_block block; /* heap */
	int alloc_stack;         /* index into the finding's stacks, -1 */
	int owner;               /* stack: the thread whose stack holds addr, -1 */
};

/* ---- benign ranges (AnnotateBenignRaceSized) ---- */
#define BENIGN_MAX 256
static struct { uintptr_t lo, hi; } benign[BENIGN_MAX];
static volatile unsigned nbenign;
static rt_spin benign_lock;

void race_benign_add(uintptr_t addr, size_t n)
{
	rt_spin_lock(&benign_lock);
	if (nbenign < BENIGN_MAX) {
		benign[nbenign].lo = addr;
		benign[nbenign].hi = addr + (n ? n : 1);
		__atomic_store_n(&nbenign, nbenign + 1, __ATOMIC_RELEASE);
	}
	rt_spin_unlock(&benign_lock);
}

bool race_benign(uintptr_t addr)
{
	unsigned n = __atomic_load_n(&nbenign, __ATOMIC_ACQUIRE);
	for (unsigned i = 0; i < n; i++)
		if (addr >= benign[i].lo && addr < benign[i].hi)
			return true;
	return false;
}

/* ---- folding ---- */
#define SEEN 4096
static struct {
	uint64_t sig;
	struct rfinding *f;
} seen[SEEN];
static rt_spin seen_lock;

static struct rfinding *seen_get(uint64_t sig)
{
	uint32_t h = (uint32_t)(sig * 0x9e3779b97f4a7c15ull >> 52);
	for (uint32_t i = 0; i < 16; i++) {
		uint32_t k = (h + i) & (SEEN - 1);
		if (__atomic_load_n(&seen[k].sig, __ATOMIC_ACQUIRE) == sig)
			return __atomic_load_n(&seen[k].f, __ATOMIC_ACQUIRE);
		if (!seen[k].sig)
			return NULL;
	}
	return NULL;
}

static void seen_put(uint64_t sig, struct rfinding *f)
{
	uint32_t h = (uint32_t)(sig * 0x9e3779b97f4a7c15ull >> 52);
	rt_spin_lock(&seen_lock);
	for (uint32_t i = 0; i < 16; i++) {
		uint32_t k = (h + i) & (SEEN - 1);
		if (!seen[k].sig || seen[k].sig == sig) {
			__atomic_store_n(&seen[k].f, f, __ATOMIC_RELEASE);
			__atomic_store_n(&seen[k].sig, sig, __ATOMIC_RELEASE);
			break;
		}
	}
	rt_spin_unlock(&seen_lock);
}

static void held_locks(struct wthr *w, struct race_acc *a, struct rfinding *f)
{
	for (uint32_t i = 0; i < w->nheld && a->nlocks < 8; i++) {
		struct wlock *l = w->held[i].lock;
		if (!l || l->o.id <= 0)
			continue;
		a->locks[a->nlocks++] = l->o.id;
		finding_add_lock(f, l->o.id);
	}
}

/* The thread whose stack (kind "stack") or static TLS ("tls") holds addr; -1 when none. */
static int stack_owner(uintptr_t addr, const char **kind)
{
	int n = thread_count();
	for (int i = 0; i < n; i++) {
		struct race_thr *r = race_thread_by_id((uint32_t)i);
		if (!r)
			continue;
		if (addr >= r->tls_lo && addr < r->tls_hi) {
			*kind = "tls";
			return i;
		}
		if (addr >= r->stack_lo && addr < r->stack_hi) {
			*kind = "stack";
			return i;
		}
	}
	return -1;
}

void race_report(struct race_thr *r, uintptr_t addr, unsigned size, unsigned flags, uintptr_t pc, uint64_t old)
{
	if (r->reporting || race_benign(addr))
		return;
	r->reporting = true;
	rt_guard++;
	uint32_t otid = (uint32_t)(old >> 32) & 0xffff;
	if (rt_opt.verbosity >= 2)
		rt_printf("race: old %#lx (clk %u) new clk %u, my view of T%u: %u\n", (unsigned long)old, (uint32_t)old, vc_get(&r->w->clock, r->tid), otid, vc_get(&r->w->clock, otid));
	unsigned oflags = (unsigned)(old >> 56) & 3;
	uint32_t omask = (uint32_t)(old >> 48) & 0xff;
	uint32_t common = omask & (0xffu << (addr & 7));
	uintptr_t raddr = (addr & ~7ul) + (unsigned)__builtin_ctz(common ? common : omask);
	unsigned osize = (unsigned)__builtin_popcount(omask);

	uintptr_t opcs[STACK_MAX_FRAMES];
	bool found;
	uint32_t olocks[RACE_LOCKS_EV];
	unsigned onlocks;
	unsigned on = race_history_stack(otid, raddr, oflags & RACE_W, opcs, STACK_MAX_FRAMES, &found, olocks, &onlocks);
	on = stack_strip_own(opcs, on, false);     /* the thread's start trampoline, main's wrapper */
	uintptr_t opc = found && on ? opcs[0] : 0;
	uintptr_t a = pc < opc ? pc : opc, b = pc < opc ? opc : pc;
	uint64_t sig = finding_mix(finding_mix(finding_mix(0x7ace, a), b), 0);
	struct rfinding *prev = seen_get(sig);
	if (prev) {
		__atomic_add_fetch(&prev->count, 1, __ATOMIC_RELAXED);
		goto out;
	}

	struct rfinding *f = finding_new(REPORT_DATA_RACE, 4, 0, 16);
	struct race_extra *x = rt_alloc(sizeof *x);
	f->extra = x;
	f->sig = sig;
	x->addr = raddr;
	x->alloc_stack = -1;
	x->owner = -1;

	uint32_t cur_stack = stack_capture_at(false, pc);
	int s0 = finding_add_stack(f, RSTK_DEPOT, cur_stack, cur_stack ? 0 : pc, "access", (int)r->tid);
	uint32_t ostack = on ? stack_intern(opcs, on) : 0;
	int s1 = finding_add_stack(f, RSTK_DEPOT, ostack, 0, "previous-access", (int)otid);
	if (s1 < 0) {
		/* nothing could be restored: an empty stack with the thread and a note (report time) */
		s1 = f->nstacks;
		struct rstk *s = &f->stacks[f->nstacks++];
		s->type = RSTK_NONE;
		s->role = "previous-access";
		s->thread = (int)otid;
	}

	struct race_acc *c = &x->acc[0], *p = &x->acc[1];
	c->thread = (int)r->tid;
	c->write = flags & RACE_W;
	c->atomic = flags & RACE_A;
	c->size = size;
	c->addr = addr;
	c->stack = s0;
	held_locks(r->w, c, f);
	p->thread = (int)otid;
	p->write = oflags & RACE_W;
	p->atomic = oflags & RACE_A;
	p->size = osize;
	p->addr = (addr & ~7ul) + (unsigned)__builtin_ctz(omask ? omask : 1);
	p->stack = s1;
	p->nlocks = 0;   /* the locks held at the previous access, from its thread's history */
	for (unsigned i = 0; i < onlocks && p->nlocks < 8; i++) {
		p->locks[p->nlocks++] = (int)olocks[i];
		finding_add_lock(f, (int)olocks[i]);
	}

	if (race_heap_find(raddr, &x->block)) {
		x->kind = "heap";
		x->alloc_stack = finding_add_stack(f, RSTK_DEPOT, x->block.stack, 0, "allocated", x->block.thread);
	} else {
		x->kind = NULL;      /* global or unknown: decided by the symbolizer at report time */
		x->owner = stack_owner(raddr, &x->kind);
	}
	finding_add_thread(f, (int)r->tid);
	finding_add_thread(f, (int)otid);
	snprintf(f->summary, sizeof f->summary, "%s of %u bytes by thread %u, previous %s%s by thread %u%s",
		 c->atomic ? (c->write ? "atomic write" : "atomic read") : c->write ? "write" : "read", size, r->tid,
		 p->atomic ? "atomic " : "", p->write ? "write" : "read", otid,
		 x->kind && x->block.freed ? " (a freed heap block: the free counts as a write)" : "");
	seen_put(sig, f);
	if (!finding_publish(f))
		seen_put(sig, NULL);
out:
	rt_guard--;
	r->reporting = false;
	if (rt_guard == 0)
		report_rt_changed();
}

/* ---- report time (report_rt.c build(), report lock held, guard raised) ---- */

void race_report_fill(struct report_finding *f, const struct rfinding *rf)
{
	const struct race_extra *x = rf->extra;
	if (!x)
		return;
	f->naccesses = 2;
	f->accesses = calloc(2, sizeof *f->accesses);
	if (!f->accesses) {
		f->naccesses = 0;
		return;
	}
	for (int i = 0; i < 2; i++) {
		const struct race_acc *a = &x->acc[i];
		struct report_access *d = &f->accesses[i];
		d->thread = a->thread;
		d->write = a->write;
		d->atomic = a->atomic;
		d->size = a->size;
		d->addr = a->addr;
		d->stack = a->stack;
		d->nlocks = (size_t)a->nlocks;
		d->locks = calloc((size_t)a->nlocks + 1, sizeof *d->locks);
		if (d->locks)
			memcpy(d->locks, a->locks, (size_t)a->nlocks * sizeof *d->locks);
		else
			d->nlocks = 0;
	}
	/* the previous stack: say what could not be restored */
	if (x->acc[1].stack >= 0 && (size_t)x->acc[1].stack < f->nstacks) {
		struct report_stack *s = &f->stacks[x->acc[1].stack];
		if (s->nframes == 0 && !s->note)
			s->note = strdup("previous access's stack not restorable: its event left the thread's "
					 "history ring (only the thread and the access are known)");
		else if (!s->note)
			s->note = strdup("rebuilt from the thread's history (instrumented frames only)");
	}
	struct report_memory *m = calloc(1, sizeof *m);
	if (!m)
		return;
	f->memory = m;
	m->thread = -1;
	m->alloc_stack = -1;
	if (x->kind && strcmp(x->kind, "heap") == 0) {
		m->kind = strdup("heap");
		m->base = x->block.base;
		m->size = x->block.size;
		m->offset = x->addr - x->block.base;
		m->thread = x->block.thread;
		m->alloc_stack = x->alloc_stack;
		return;
	}
	uint64_t base = 0, size = 0;
	char *name = x->owner >= 0 ? NULL : sym_data_object(x->addr, &base, &size);
	if (name) {
		m->kind = strdup("global");
		m->name = name;
		m->base = base;
		m->size = size;
		m->offset = x->addr - base;
		return;
	}
	m->kind = strdup(x->owner >= 0 && x->kind ? x->kind : "unknown");
	m->thread = x->owner;
	m->base = x->addr;
}

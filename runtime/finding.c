/* finding.c - the store of raw findings (rules in finding.h). */
#include "finding.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rt.h"
#include "report_rt.h"
#include "stack.h"
#include "thread.h"

static struct rfinding *head;
static unsigned total;
static rt_spin lock;

struct rfinding *finding_new(enum report_kind kind, int max_stacks, int nsteps, int max_locks)
{
	struct rfinding *f = rt_alloc(sizeof *f);
	f->kind = kind;
	f->count = 1;
	f->stacks_cap = max_stacks;
	f->stacks = rt_alloc((size_t)(max_stacks > 0 ? max_stacks : 1) * sizeof *f->stacks);
	f->nsteps = nsteps;
	if (nsteps)
		f->steps = rt_alloc((size_t)nsteps * sizeof *f->steps);
	f->locks_cap = max_locks;
	f->locks = rt_alloc((size_t)(max_locks > 0 ? max_locks : 1) * sizeof *f->locks);
	return f;
}

int finding_add_stack(struct rfinding *f, int type, uint32_t id, uintptr_t pc, const char *role, int thread)
{
	if (f->nstacks >= f->stacks_cap || (type == RSTK_DEPOT && id == 0 && pc == 0))
		return -1;
	struct rstk *s = &f->stacks[f->nstacks];
	s->type = (uint8_t)type;
	s->id = id;
	s->pc = pc;
	s->role = role;
	s->thread = thread;
	return f->nstacks++;
}

void finding_add_thread(struct rfinding *f, int id)
{
	for (int i = 0; i < f->nthreads; i++)
		if (f->threads[i] == id)
			return;
	if (id >= 0 && f->nthreads < 8)
		f->threads[f->nthreads++] = id;
}

void finding_add_lock(struct rfinding *f, int id)
{
	for (int i = 0; i < f->nlocks; i++)
		if (f->locks[i] == id)
			return;
	if (id > 0 && f->nlocks < f->locks_cap)
		f->locks[f->nlocks++] = id;
}

bool finding_publish(struct rfinding *f)
{
	rt_spin_lock(&lock);
	for (struct rfinding *g = head; g; g = g->next) {
		if (g->kind == f->kind && g->sig == f->sig) {
			g->count++;
			rt_spin_unlock(&lock);
			return false;
		}
	}
	f->next = head;
	__atomic_store_n(&head, f, __ATOMIC_RELEASE);
	total++;
	rt_spin_unlock(&lock);
	if (rt_opt.verbosity >= 1)
		rt_printf("%s: %s\n", report_kind_name(f->kind), f->summary);
	report_rt_mark();
	return true;
}

struct rfinding *finding_list(void) { return __atomic_load_n(&head, __ATOMIC_ACQUIRE); }
unsigned finding_total(void) { return total; }

void finding_after_fork_child(void)
{
	head = NULL;
	total = 0;
	lock.v = 0;
}

static void misuse_v(const char *misuse, const struct misuse_info *mi, const char *fmt, va_list ap)
{
	struct wthr *t = rt_thread();
	uint32_t st = stack_capture();
	const uintptr_t *pcs;
	unsigned n = stack_get(st, &pcs);
	struct rfinding *f = finding_new(REPORT_API_MISUSE, 3, 0, 2);
	f->misuse = misuse;
	/* one finding per misuse kind and call site */
	uint64_t sig = finding_mix(0x51, (uintptr_t)misuse);
	sig = finding_mix(sig, n ? pcs[0] : 0);
	f->sig = sig;
	vsnprintf(f->summary, sizeof f->summary, fmt, ap);
	finding_add_stack(f, RSTK_DEPOT, st, 0, "current", t->id);
	if (mi->held_pc) {
		/* where the lock concerned was taken: by this thread (the rest of its stack is this
		 * one's), or by another thread (only the call site is known) */
		const char *role = mi->held_role ? mi->held_role : "held";
		if (mi->held_thread < 0 || mi->held_thread == t->id)
			finding_add_stack(f, RSTK_SPLICE, st, mi->held_pc, role, t->id);
		else
			finding_add_stack(f, RSTK_DEPOT, 0, mi->held_pc, role, mi->held_thread);
	}
	finding_add_thread(f, t->id);
	if (mi->other_thread >= 0)
		finding_add_thread(f, mi->other_thread);
	if (mi->held_thread >= 0)
		finding_add_thread(f, mi->held_thread);
	if (mi->lock > 0)
		finding_add_lock(f, mi->lock);
	if (mi->lock2 > 0)
		finding_add_lock(f, mi->lock2);
	finding_publish(f);
	report_rt_changed();
}

void finding_misuse(const char *misuse, int lock_id, int other_thread, const char *fmt, ...)
{
	if (!rt_opt.misuse)
		return;
	int e = errno;
	struct misuse_info mi = {.lock = lock_id, .other_thread = other_thread, .held_thread = -1};
	va_list ap;
	va_start(ap, fmt);
	misuse_v(misuse, &mi, fmt, ap);
	va_end(ap);
	errno = e;
}

void finding_misuse_ex(const char *misuse, const struct misuse_info *mi, const char *fmt, ...)
{
	if (!rt_opt.misuse)
		return;
	int e = errno;
	va_list ap;
	va_start(ap, fmt);
	misuse_v(misuse, mi, fmt, ap);
	va_end(ap);
	errno = e;
}

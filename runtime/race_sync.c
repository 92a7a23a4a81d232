/* race_sync.c - happens-before through atomics and fences, on hb.h's sync clocks.
 *
 * Semantics (C11 7.17.3/7.17.4, as far as a vector-clock model can express them):
 *  - each atomic location has a sync clock in a side table keyed by its address (created by its
 *    first release; never removed: the table holds RACE_SYNC_MAX locations, then new locations stop
 *    creating happens-before and one line is printed);
 *  - a release (or acq_rel, seq_cst) store or read-modify-write releases into the location: the
 *    sync clock joins the thread's clock (a release sequence continues through later RMWs, since
 *    nothing ever lowers a sync clock);
 *  - an acquire (or consume, acq_rel, seq_cst) load or RMW acquires the location's clock;
 *  - relaxed operations create no ordering, except through fences: a release fence snapshots the
 *    thread's clock and ticks it, and every later relaxed store/RMW releases that snapshot into its
 *    location; a relaxed load remembers the location's clock in the thread's pending-acquire clock,
 *    which the next acquire fence joins into the thread's clock.
 */
#include "race.h"

#include "hb.h"

#define RACE_SYNC_MAX (1u << 18)
#define PROBES 64

struct async {
	uintptr_t addr;
	struct hb_sync hb;
};
static struct async **table;     /* RACE_SYNC_MAX slots, NORESERVE */
static rt_spin table_lock;
static volatile int full_warned;

static inline uint32_t hash(uintptr_t a) { return (uint32_t)(((a >> 3) * 0x9e3779b97f4a7c15ull) >> 40); }

struct hb_sync *race_sync(uintptr_t addr, bool create)
{
	if (unlikely(!table)) {
		if (!create)
			return NULL;
		rt_spin_lock(&table_lock);
		if (!table)
			__atomic_store_n(&table, rt_mmap(RACE_SYNC_MAX * sizeof *table), __ATOMIC_RELEASE);
		rt_spin_unlock(&table_lock);
		if (!table)
			return NULL;
	}
	uint32_t h = hash(addr);
	for (uint32_t i = 0; i < PROBES; i++) {
		struct async **slot = &table[(h + i) & (RACE_SYNC_MAX - 1)];
		struct async *s = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
		if (s && s->addr == addr)
			return &s->hb;
		if (s)
			continue;
		if (!create)
			return NULL;
		rt_guard++;
		struct async *n = rt_alloc(sizeof *n);
		rt_guard--;
		n->addr = addr;
		struct async *expected = NULL;
		if (__atomic_compare_exchange_n(slot, &expected, n, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return &n->hb;
		rt_free(n, sizeof *n);
		if (expected->addr == addr)
			return &expected->hb;
	}
	if (!__atomic_exchange_n(&full_warned, 1, __ATOMIC_RELAXED))
		rt_printf("more than %u atomic locations: new ones create no happens-before\n", RACE_SYNC_MAX);
	return NULL;
}

static inline bool mo_acquire(int mo) { return mo == 1 || mo == 2 || mo == 4 || mo == 5; }
static inline bool mo_release(int mo) { return mo == 3 || mo == 4 || mo == 5; }

void race_atomic_pre(struct race_thr *r, uintptr_t addr, unsigned size, int mo, bool load, bool store, uintptr_t pc)
{
	/* the access itself, for mixed atomic/plain races */
	if ((addr & 7) + size <= 8)
		race_access1(addr, size, (store ? RACE_W : 0) | RACE_A, pc);
	else
		race_access_range(r, addr, size, (store ? RACE_W : 0) | RACE_A, pc);
	if (!store || r->ignore)
		return;
	mo &= 0x7fff;
	/* release before the store becomes visible */
	if (mo_release(mo)) {
		struct hb_sync *s = race_sync(addr, true);
		if (s)
			hb_release(r->w, s);
	} else if (r->has_fence_rel) {
		struct hb_sync *s = race_sync(addr, true);
		if (s) {
			rt_spin_lock(&s->lk);
			vc_join(&s->vc, &r->fence_rel);
			rt_spin_unlock(&s->lk);
		}
	}
}

void race_atomic_post(struct race_thr *r, uintptr_t addr, int mo, bool load, bool store)
{
	if (!load || r->ignore)
		return;
	mo &= 0x7fff;
	struct hb_sync *s = race_sync(addr, false);
	if (!s)
		return;
	if (mo_acquire(mo)) {
		hb_acquire(r->w, s);
	} else {
		rt_spin_lock(&s->lk);
		if (s->vc.n)
			vc_join(&r->fence_acq, &s->vc);
		rt_spin_unlock(&s->lk);
	}
}

void race_fence(struct race_thr *r, int mo)
{
	mo &= 0x7fff;
	if (mo_acquire(mo) && r->fence_acq.n)
		vc_join(&r->w->clock, &r->fence_acq);
	if (mo_release(mo)) {
		vc_copy(&r->fence_rel, &r->w->clock);
		r->has_fence_rel = true;
		vc_tick(&r->w->clock, r->tid);
	}
}

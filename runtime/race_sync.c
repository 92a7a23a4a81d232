/* race_sync.c - happens-before through atomics and fences, on hb.h's sync clocks.
 *
 * Semantics (C11 7.17.3/7.17.4, as far as a vector-clock model can express them):
 *  - each atomic location has a sync clock in a side table keyed by its address (created by its
 *    first release; the table holds RACE_SYNC_MAX locations, then new locations stop creating
 *    happens-before and one line is printed); freeing or unmapping the memory empties the clocks
 *    of the locations it held (race_sync_forget), so a new life of the memory starts unordered;
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
	struct async *next;      /* the next location of its 4 KiB page (page index) */
	struct hb_sync hb;
};
static struct async **table;     /* RACE_SYNC_MAX slots, NORESERVE */
static rt_spin table_lock;
static volatile int full_warned;

/* Page index: the locations of each 4 KiB page, so that freeing or unmapping memory forgets the
 * sync clocks of the atomic locations it held (race_sync_forget) at the cost of one probe per page.
 * Insert-only: a page's list is pushed with compare-and-swap, entries are never unlinked (a
 * forgotten location keeps its slot with an empty clock, and is reused by the next atomic there). */
#define SYNC_PAGES (1u << 16)
struct spage {
	uintptr_t page;          /* address >> 12, plus 1 (0: free slot) */
	struct async *head;
};
static struct spage *pages;      /* SYNC_PAGES slots, NORESERVE, created with the table */
static volatile int pages_warned;

static inline uint32_t phash(uintptr_t pg) { return (uint32_t)((pg * 0x9e3779b97f4a7c15ull) >> 48); }

static struct spage *page_slot(uintptr_t pg, bool create)
{
	uint32_t h = phash(pg);
	for (uint32_t i = 0; i < PROBES; i++) {
		struct spage *sp = &pages[(h + i) & (SYNC_PAGES - 1)];
		uintptr_t cur = __atomic_load_n(&sp->page, __ATOMIC_ACQUIRE);
		if (cur == pg + 1)
			return sp;
		if (cur)
			continue;
		if (!create)
			return NULL;
		if (__atomic_compare_exchange_n(&sp->page, &cur, pg + 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) ||
		    cur == pg + 1)
			return sp;
	}
	if (create && !__atomic_exchange_n(&pages_warned, 1, __ATOMIC_RELAXED))
		rt_printf("too many pages with atomic locations: freed memory may keep stale atomic clocks\n");
	return NULL;
}

static void page_add(struct async *a)
{
	struct spage *sp = page_slot(a->addr >> 12, true);
	if (!sp)
		return;
	struct async *h = __atomic_load_n(&sp->head, __ATOMIC_ACQUIRE);
	do
		a->next = h;
	while (!__atomic_compare_exchange_n(&sp->head, &h, a, true, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
}

static void page_forget(struct spage *sp, uintptr_t lo, uintptr_t hi)
{
	for (struct async *a = __atomic_load_n(&sp->head, __ATOMIC_ACQUIRE); a; a = a->next) {
		if (a->addr < lo || a->addr >= hi)
			continue;
		rt_spin_lock(&a->hb.lk);
		for (uint32_t i = 0; i < a->hb.vc.n; i++)
			a->hb.vc.c[i] = 0;
		rt_spin_unlock(&a->hb.lk);
	}
}

void race_sync_forget(uintptr_t addr, size_t n)
{
	if (!__atomic_load_n(&pages, __ATOMIC_ACQUIRE) || n == 0)
		return;
	uintptr_t end = addr + n, p0 = addr >> 12, p1 = (end - 1) >> 12;
	if (p1 - p0 >= SYNC_PAGES) {          /* a huge range: walk the index instead */
		for (uint32_t i = 0; i < SYNC_PAGES; i++) {
			uintptr_t pg = __atomic_load_n(&pages[i].page, __ATOMIC_ACQUIRE);
			if (pg && pg - 1 >= p0 && pg - 1 <= p1)
				page_forget(&pages[i], addr, end);
		}
		return;
	}
	for (uintptr_t pg = p0; pg <= p1; pg++) {
		struct spage *sp = page_slot(pg, false);
		if (sp)
			page_forget(sp, addr, end);
	}
}

static inline uint32_t hash(uintptr_t a) { return (uint32_t)(((a >> 3) * 0x9e3779b97f4a7c15ull) >> 40); }

struct hb_sync *race_sync(uintptr_t addr, bool create)
{
	if (unlikely(!table)) {
		if (!create)
			return NULL;
		rt_spin_lock(&table_lock);
		if (!table) {
			__atomic_store_n(&pages, rt_mmap(SYNC_PAGES * sizeof *pages), __ATOMIC_RELEASE);
			if (pages)
				__atomic_store_n(&table, rt_mmap(RACE_SYNC_MAX * sizeof *table), __ATOMIC_RELEASE);
		}
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
		if (__atomic_compare_exchange_n(slot, &expected, n, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			page_add(n);
			return &n->hb;
		}
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
		hb_tick(r->w);
	}
}

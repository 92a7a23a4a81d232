/* race.c - the race detector's core: per-thread state, the shadow-cell state machine, history.
 * Semantics in race.h. Rules: nothing here takes a lock on the hot path (race.h's inline checks);
 * the slow path uses compare-and-swap on the cell, and an expanded cell's spinlock. */
#include "race.h"

#include <pthread.h>
#include <string.h>

#include "access_abi.h"
#include "hb.h"
#include "lock.h"
#include "stack.h"

volatile int race_active;
#define COLD_BITS ((uint64_t)RACE_TID_COLD << 32)
#define FULL(tb, f) ((tb) | (0xffull << 48) | ((uint64_t)(f) << 56))
_Static_assert(__builtin_offsetof(struct race_thr, full) == __builtin_offsetof(struct race_thr, tidep) + 8,
	       "hb_tick's epoch mirror is five consecutive words");
struct race_thr race_none = {.tidep = COLD_BITS,
			     .full = {FULL(COLD_BITS, 0), FULL(COLD_BITS, 1), FULL(COLD_BITS, 2), FULL(COLD_BITS, 3)}};
RT_TLS struct race_thr *race_cur = &race_none;

#define MAX_RTHR 65535u              /* the inline encoding has 16 bits of thread id */
static struct race_thr **rthrs;      /* by weft thread id, NORESERVE */
static rt_spin init_lock;

#define RACE_XN 7
struct race_xcell {
	rt_spin lk;
	uint32_t n;
	uint64_t e[RACE_XN];
};
#define XBIT (1ull << 63)
#define XPTR(v) ((struct race_xcell *)(uintptr_t)((v) & 0x0000ffffffffffffull))

void race_init(void)
{
	if (__atomic_load_n(&race_active, __ATOMIC_ACQUIRE))
		return;
	rt_ensure_init();
	rt_spin_lock(&init_lock);
	if (!race_active) {
		shadow_init();
		rthrs = rt_mmap(MAX_RTHR * sizeof *rthrs);
		RT_CHECK(rthrs != NULL, 0, 0);
		hb_enable(); /* clocks are kept only while an analysis needs them (hb.h) */
		__atomic_store_n(&race_active, 1, __ATOMIC_RELEASE);
	}
	rt_spin_unlock(&init_lock);
}

struct race_thr *race_thread_by_id(uint32_t tid)
{
	return rthrs && tid < MAX_RTHR ? __atomic_load_n(&rthrs[tid], __ATOMIC_ACQUIRE) : NULL;
}

static void fast_update(struct race_thr *r)
{
	uint64_t tb = r->ignore ? COLD_BITS : (uint64_t)r->tid << 32;
	uint64_t e = vc_get(&r->w->clock, r->tid);
	for (unsigned f = 0; f < 4; f++)
		r->full[f] = FULL(tb, f) | e;
	r->tidep = tb | e;
}

static inline bool cold(const struct race_thr *r) { return (r->tidep >> 32) == RACE_TID_COLD; }

void race_set_ignore(struct race_thr *r, int n)
{
	r->ignore = n;
	fast_update(r);
}

/* No clock pointer yet (first access of the thread), accesses ignored, or the granule's shadow
 * region not reserved yet. */
void race_access_cold(uintptr_t addr, unsigned size, unsigned flags, uintptr_t pc)
{
	struct race_thr *r = race_thread();
	if (r->ignore || !shadow_cell(addr))
		return;
	race_access1(addr, size, flags, pc);
}

void race_access_pair_slow(uintptr_t addr, unsigned flags, uintptr_t pc)
{
	/* a first access to both granules: installed with compare-and-swap, logged as one access */
	struct race_thr *r = race_cur;
	if (cold(r)) {
		race_access_cold(addr, 8, flags, pc);
		race_access_cold(addr + 8, 8, flags, pc);
		return;
	}
	uint64_t *c = shadow_cell(addr);
	if (c && ((addr & ((1ul << SHADOW_REGION_BITS) - 1)) <= (1ul << SHADOW_REGION_BITS) - 16)) {
		uint64_t nv = r->full[flags], z0 = 0, z1 = 0;
		if (((uintptr_t)c & 15) == 0) {
			/* both cells in one locked instruction (cmpxchg16b): half the cost of two */
			uint64_t lo = 0, hi = 0;
			bool ok;
			__asm__ __volatile__("lock cmpxchg16b %1"
					     : "=@ccz"(ok), "+m"(*(volatile unsigned __int128 *)c), "+a"(lo), "+d"(hi)
					     : "b"(nv), "c"(nv)
					     : "memory");
			if (ok) {
				uint64_t *base = shadow_top[(addr >> SHADOW_REGION_BITS) & (SHADOW_NREGIONS - 1)];
				shadow_ahead(base, c);
				shadow_ahead(base, c + 1);
				race_log_access(r, addr, 16, pc, flags & RACE_W);
				return;
			}
		} else if (__atomic_compare_exchange_n(&c[0], &z0, nv, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
			if (__atomic_compare_exchange_n(&c[1], &z1, nv, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
				uint64_t *base = shadow_top[(addr >> SHADOW_REGION_BITS) & (SHADOW_NREGIONS - 1)];
				shadow_ahead(base, c);
				shadow_ahead(base, c + 1);
				race_log_access(r, addr, 16, pc, flags & RACE_W);
				return;
			}
			race_log_access(r, addr, 8, pc, flags & RACE_W);
			race_access1(addr + 8, 8, flags, pc);
			return;
		}
	}
	race_access1(addr, 8, flags, pc);
	race_access1(addr + 8, 8, flags, pc);
}

void race_access_range_pc(uintptr_t addr, size_t n, unsigned flags, uintptr_t pc)
{
	race_access_range(race_thread(), addr, n, flags, pc);
}

/* A thread's first instrumented event: its state, and a clean shadow for its stack and static TLS
 * (memory that a finished thread may have used before). */
struct race_thr *race_thread_slow(void)
{
	race_init();
	struct wthr *w = rt_thread();
	rt_guard++;
	struct race_thr *r = rt_alloc(sizeof *r);
	r->w = w;
	r->tid = (uint32_t)w->id;
	if (w->clock.n == 0 || r->tid >= MAX_RTHR || rt_late_load)
		r->ignore = 1 << 30;           /* not modelled by the thread registry */
	r->ring = rt_mmap(RACE_RING * sizeof *r->ring);
	r->snaps = rt_mmap((RACE_RING / RACE_PART) * sizeof *r->snaps);
	RT_CHECK(r->ring && r->snaps, 0, 0);
	if (r->tid != 0 && r->tid < MAX_RTHR) {
		pthread_attr_t a;
		void *lo;
		size_t sz;
		if (pthread_getattr_np(pthread_self(), &a) == 0) {
			if (pthread_attr_getstack(&a, &lo, &sz) == 0) {
				/* below the current frame only: the frames above are live */
				uintptr_t here = (uintptr_t)__builtin_frame_address(0) - 256;
				if (here > (uintptr_t)lo)
					shadow_reset((uintptr_t)lo, here - (uintptr_t)lo);
				r->stack_lo = (uintptr_t)lo;
				r->stack_hi = (uintptr_t)lo + sz;
			}
			pthread_attr_destroy(&a);
		}
		/* static TLS sits just below the thread pointer on x86-64 */
		uintptr_t tp = (uintptr_t)__builtin_thread_pointer();
		shadow_reset(tp - 65536, 65536);
		r->tls_lo = tp - 65536;
		r->tls_hi = tp;
	}
	r->nheld = &w->nheld;
	fast_update(r);
	w->epoch_mirror_n = 5;            /* tidep and full[4] */
	w->epoch_mirror = &r->tidep;
	if (r->tid < MAX_RTHR)
		__atomic_store_n(&rthrs[r->tid], r, __ATOMIC_RELEASE);
	rt_guard--;
	race_cur = r;
	return r;
}

/* ---- history ---- */

/* The innermost RACE_LOCKS_EV locks r holds (ids below 2^19), into ids; returns how many. */
static uint32_t held_ids(const struct race_thr *r, uint32_t *ids)
{
	const struct wthr *w = r->w;
	uint32_t k = 0;
	for (uint32_t i = w->nheld; i-- > 0 && k < RACE_LOCKS_EV;) {
		const struct wlock *l = w->held[i].lock;
		if (l && l->o.id > 0 && l->o.id < (1 << 19))
			ids[k++] = (uint32_t)l->o.id;
	}
	return k;
}

void race_snapshot(struct race_thr *r)
{
	uint64_t part = r->pos / RACE_PART;
	struct race_snap *s = &r->snaps[part % (RACE_RING / RACE_PART)];
	s->part = ~0ull;   /* invalid while it is rewritten */
	uint32_t d = r->depth < RACE_STACK_MAX ? r->depth : RACE_STACK_MAX;
	uint32_t k = d < RACE_SNAP ? d : RACE_SNAP;
	for (uint32_t i = 0; i < k; i++)
		s->pcs[i] = r->stk[d - k + i];
	s->depth = k;
	/* the locks a replay starts with: the last ones logged (what the events of the part assume) */
	s->nlocks = r->nlocks_logged;
	memcpy(s->locks, r->locks_logged, sizeof s->locks);
	__atomic_store_n(&s->part, part, __ATOMIC_RELEASE);
}

static inline uint64_t ev_payload(uint64_t e) { return e & ((1ull << 61) - 1); }

unsigned race_history_stack(uint32_t tid, uintptr_t addr, bool write, uintptr_t *pcs, unsigned max,
			    bool *found, uint32_t *locks, unsigned *nlocks)
{
	*found = false;
	*nlocks = 0;
	struct race_thr *r = race_thread_by_id(tid);
	if (!r || max == 0)
		return 0;
	uint64_t pos = __atomic_load_n(&r->pos, __ATOMIC_ACQUIRE);
	uint64_t lo = pos > RACE_RING - RACE_PART ? pos - (RACE_RING - RACE_PART) : 0;
	for (uint64_t i = pos; i-- > lo;) {
		uint64_t ev = r->ring[i & (RACE_RING - 1)];
		if ((ev >> 61) != RACE_EV_ADDR)
			continue;
		/* PC follows; the length is split over both (the open run's is in r) */
		uint64_t pe = i + 1 < pos ? r->ring[(i + 1) & (RACE_RING - 1)] : 0;
		if ((pe >> 61) != RACE_EV_PC)
			continue;
		uintptr_t a = (uintptr_t)(ev & ((1ull << 47) - 1)), pc = (uintptr_t)(pe & ((1ull << 47) - 1));
		if (write && !((pe >> 60) & 1))
			continue;        /* a read: the access sought is a write, further back */
		uint64_t n = ((ev >> 47) & 0x3fff) | (((pe >> 47) & 0x1fff) << 14);
		if (i == __atomic_load_n(&r->run_idx, __ATOMIC_RELAXED)) {
			uintptr_t ra = __atomic_load_n(&r->run_addr, __ATOMIC_RELAXED);
			uintptr_t re = __atomic_load_n(&r->run_next, __ATOMIC_RELAXED) & ~RACE_RUN_CLOSED;
			if (ra == a && re > a)
				n = re - a;
		}
		if (!((addr & ~7ul) >= (a & ~7ul) && addr < a + (n ? n : 1)))
			continue;
		/* a run cycling through several pcs: the access's own one from its position */
		uintptr_t rpcs[RACE_RUN_PCS] = {pc};
		uint64_t npc = 1, unit = 0;
		for (uint64_t j = i + 2; j < pos && j < i + 1 + RACE_RUN_PCS; j++) {
			uint64_t e = r->ring[j & (RACE_RING - 1)];
			if ((e >> 61) != RACE_EV_PCN || ((e >> 47) & 3) != npc)
				break;
			rpcs[npc++] = (uintptr_t)(e & ((1ull << 47) - 1));
			unit = (e >> 49) & 0xfff;
		}
		if (npc > 1 && unit && addr >= a)
			pc = rpcs[((addr - a) / unit) % npc];
		/* replay the part from its snapshot */
		uint64_t part = i / RACE_PART;
		const struct race_snap *s = &r->snaps[part % (RACE_RING / RACE_PART)];
		if (__atomic_load_n(&s->part, __ATOMIC_ACQUIRE) != part)
			return 0;
		uintptr_t stk[RACE_STACK_MAX];
		uint32_t d = s->depth;
		memcpy(stk, s->pcs, d * sizeof *stk);
		uint32_t nl = s->nlocks < RACE_LOCKS_EV ? s->nlocks : RACE_LOCKS_EV;
		memcpy(locks, s->locks, nl * sizeof *locks);
		for (uint64_t j = part * RACE_PART; j < i; j++) {
			uint64_t e = r->ring[j & (RACE_RING - 1)];
			switch (e >> 61) {
			case RACE_EV_ENTRY:
				if (d < RACE_STACK_MAX)
					stk[d++] = (uintptr_t)ev_payload(e);
				break;
			case RACE_EV_EXIT:
				if (d)
					d--;
				break;
			case RACE_EV_LOCKS:
				nl = (uint32_t)(e & 3);
				for (uint32_t k = 0; k < nl; k++)
					locks[k] = (uint32_t)(e >> (2 + 19 * k)) & 0x7ffff;
				break;
			}
		}
		*nlocks = nl;
		unsigned m = 0;
		if (pc)
			pcs[m++] = pc;
		while (d && m < max)
			pcs[m++] = stk[--d];
		*found = true;
		return m;
	}
	return 0;
}

static inline uint64_t ev_addr(uintptr_t a, uint64_t n) { return RACE_EV(RACE_EV_ADDR, a | ((n & 0x3fff) << 47)); }
static inline uint64_t ev_pc(uintptr_t pc, uint64_t n, unsigned w)
{
	return RACE_EV(RACE_EV_PC, pc | ((n >> 14) << 47) | ((uint64_t)(w & RACE_W) << 60));
}

/* A new run: the open one's length goes into its events (when they are still in the ring), then a
 * LOCKS event if the held locks changed, then the new run's ADDR and PC. */
void race_log_access_slow(struct race_thr *r, uintptr_t addr, size_t n, uintptr_t pc, unsigned w)
{
	uintptr_t end = r->run_next & ~RACE_RUN_CLOSED;
	if (addr == r->run_next && w == r->run_w && r->run_keys[0] >> 48 == n && r->run_k < RACE_RUN_PCS && n < 0x1000 &&
	    end - r->run_addr == r->run_k * n) {
		/* one access per pc so far, and a new pc: the run cycles through one more */
		uint32_t k = r->run_k;
		bool known = false;
		for (uint32_t i = 0; i < k; i++)
			known |= r->run_keys[i] == race_run_key(pc, n);
		if (!known) {
			race_log(r, RACE_EV(RACE_EV_PCN, pc | ((uint64_t)k << 47) | ((uint64_t)n << 49)));
			r->run_keys[k] = race_run_key(pc, n);
			r->run_k = k + 1;
			r->run_phase = 0;
			r->run_key = r->run_keys[0] & RACE_RUN_PC;
			r->run_next = addr + n;
			return;
		}
	}
	if (end && r->pos - r->run_idx < RACE_RING - 2) {
		uint64_t len = end - r->run_addr;
		if (len > RACE_RUN_MAX)
			len = RACE_RUN_MAX;
		r->ring[r->run_idx & (RACE_RING - 1)] = ev_addr(r->run_addr, len);
		r->ring[(r->run_idx + 1) & (RACE_RING - 1)] = ev_pc((uintptr_t)(r->run_keys[0] & ((1ull << 48) - 1)), len, r->run_w);
	}
	uint32_t ids[RACE_LOCKS_EV];
	uint32_t k = *r->nheld ? held_ids(r, ids) : 0;
	if (k != r->nlocks_logged || memcmp(ids, r->locks_logged, k * sizeof *ids) != 0) {
		uint64_t ev = k;
		for (uint32_t i = 0; i < k; i++)
			ev |= (uint64_t)ids[i] << (2 + 19 * i);
		race_log(r, RACE_EV(RACE_EV_LOCKS, ev));
		r->nlocks_logged = k;
		memcpy(r->locks_logged, ids, k * sizeof *ids);
	}
	uint64_t len = n > RACE_RUN_MAX ? RACE_RUN_MAX : n;
	r->run_idx = r->pos;
	r->run_addr = addr;
	r->run_keys[0] = race_run_key(pc, n);
	r->run_key = r->run_keys[0] & RACE_RUN_PC;
	r->run_k = 1;
	r->run_phase = 0;
	r->run_w = w;
	race_log(r, ev_addr(addr, len));
	race_log(r, ev_pc(pc, len, w));
	r->run_next = addr + n;
}

/* ---- the cell state machine ---- */

static inline uint32_t e_clk(uint64_t e) { return (uint32_t)e; }
static inline uint32_t e_tid(uint64_t e) { return (uint32_t)(e >> 32) & 0xffff; }
static inline uint32_t e_mask(uint64_t e) { return (uint32_t)(e >> 48) & 0xff; }
static inline uint32_t e_flags(uint64_t e) { return (uint32_t)(e >> 56) & 3; }

static inline bool conflicts(const struct race_thr *r, uint64_t old, uint64_t nv)
{
	if (!(e_mask(old) & e_mask(nv)) || e_tid(old) == r->tid)
		return false;
	unsigned fo = e_flags(old), fn = e_flags(nv);
	if (!((fo | fn) & RACE_W) || (fo & fn & RACE_A))
		return false;
	return !hb_epoch_before(e_tid(old), e_clk(old), &r->w->clock);
}

/* May nv replace old (every future race with old is also one with nv)? */
static inline bool dominates(const struct race_thr *r, uint64_t old, uint64_t nv)
{
	if ((e_mask(old) & ~e_mask(nv)) != 0)
		return false;
	unsigned fo = e_flags(old), fn = e_flags(nv);
	if ((fo & RACE_W) && !(fn & RACE_W))
		return false;
	if (!(fo & RACE_A) && (fn & RACE_A))
		return false;
	return e_tid(old) == r->tid || hb_epoch_before(e_tid(old), e_clk(old), &r->w->clock);
}

static struct race_xcell *xcell_new(struct race_thr *r)
{
	if (r->xbump + sizeof(struct race_xcell) > r->xend) {
		size_t chunk = 1u << 20;
		char *p = rt_mmap(chunk);
		if (!p)
			return NULL;
		r->xbump = p;
		r->xend = p + chunk;
	}
	struct race_xcell *x = (struct race_xcell *)r->xbump;
	r->xbump += sizeof *x;
	return x;
}

static void xcell_unget(struct race_thr *r, struct race_xcell *x)
{
	if ((char *)x + sizeof *x == r->xbump) {
		memset(x, 0, sizeof *x);
		r->xbump = (char *)x;
	}
}

static bool access_cell(struct race_thr *r, uint64_t *c, uint64_t cur, uint64_t nv, uintptr_t addr,
			unsigned size, uintptr_t pc, bool log, bool report)
{
	for (;;) {
		if (cur & XBIT) {
			struct race_xcell *x = XPTR(cur);
			uint64_t racy = 0;
			bool changed = true;
			rt_spin_lock(&x->lk);
			uint32_t k = 0;
			for (uint32_t i = 0; i < x->n; i++) {
				uint64_t e = x->e[i];
				if (e == nv)
					changed = false;
				if (!racy && conflicts(r, e, nv))
					racy = e;
				if (changed && dominates(r, e, nv))
					continue;             /* dropped */
				x->e[k++] = e;
			}
			if (changed) {
				if (k == RACE_XN) {           /* full: forget the oldest */
					memmove(&x->e[0], &x->e[1], (RACE_XN - 1) * sizeof x->e[0]);
					k--;
				}
				x->e[k++] = nv;
			}
			x->n = k;
			rt_spin_unlock(&x->lk);
			if (changed && log)
				race_log_access(r, addr, size, pc, (unsigned)(nv >> 56) & RACE_W);
			if (racy && report)
				race_report(r, addr, size, e_flags(nv), pc, racy);
			return racy != 0;
		}
		uint64_t racy = cur && conflicts(r, cur, nv) ? cur : 0;
		uint64_t want;
		struct race_xcell *x = NULL;
		if (!cur || dominates(r, cur, nv)) {
			want = nv;
		} else if (((cur ^ nv) & 0x0000ffffffffffffull) == 0 && e_flags(cur) == e_flags(nv)) {
			want = cur | (nv & (0xffull << 48));   /* same thread, epoch and kind: merge bytes */
		} else {
			x = xcell_new(r);
			if (!x) {
				want = nv;
			} else {
				x->n = 2;
				x->e[0] = cur;
				x->e[1] = nv;
				want = (uint64_t)(uintptr_t)x | XBIT;
			}
		}
		if (__atomic_compare_exchange_n(c, &cur, want, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
			if (log)
				race_log_access(r, addr, size, pc, (unsigned)(nv >> 56) & RACE_W);
			if (racy && report)
				race_report(r, addr, size, e_flags(nv), pc, racy);
			return racy != 0;
		}
		if (x)
			xcell_unget(r, x);
		/* cur now holds the new value: retry */
	}
}

void race_access_slow(struct race_thr *r, uint64_t *c, uint64_t cur, uint64_t nv, uintptr_t addr,
		      unsigned size, uintptr_t pc)
{
	access_cell(r, c, cur, nv, addr, size, pc, true, true);
}

/* The cell holds an own access (race.h's inline part ruled out "nothing new"):
 *  - one of an older epoch that the new access dominates (covers its bytes, writes if it wrote,
 *    plain if it was plain) is replaced with a plain store;
 *  - one of this epoch and kind on other bytes of the granule gets the new bytes merged in.
 * A plain store is safe in the FastTrack sense: an own entry can never race with the new access,
 * and the new one stands for it in every future check. The only loss is an access that another
 * thread installs in the same few nanoseconds (its record is overwritten); ThreadSanitizer accepts
 * the same loss, its shadow stores are plain too. Anything else (an empty cell, another thread's
 * entry, an expanded cell) is checked for races and installed with compare-and-swap. */
static inline bool own_store(uint64_t *c, uint64_t cur, uint64_t nv)
{
	uint64_t d = cur ^ nv;
	if ((d & RACE_CELL_TIDX) != 0 || cur == 0)
		return false;
	uint64_t fo = (cur >> 56) & 3, fn = (nv >> 56) & 3, mo = (cur >> 48) & 0xff, mn = (nv >> 48) & 0xff;
	if ((mo & ~mn) == 0 && ((fo & ~fn & RACE_W) | (fn & ~fo & RACE_A)) == 0) {
		__atomic_store_n(c, nv, __ATOMIC_RELAXED);
		return true;
	}
	if ((d & (RACE_CELL_EPOCH | (3ull << 56))) == 0) {
		__atomic_store_n(c, cur | nv, __ATOMIC_RELAXED);
		return true;
	}
	return false;
}

__attribute__((hot)) void race_access_own(uint64_t *c, uint64_t cur, uint64_t nv, uintptr_t addr, unsigned size,
					uintptr_t pc)
{
	struct race_thr *r = race_cur;
	if (unlikely(cold(r))) {
		race_access_cold(addr, size, (unsigned)(nv >> 56) & 3, pc);
		return;
	}
	uint64_t mask = (nv >> 48) & 0xff;
	if (((cur ^ nv) & RACE_CELL_EPOCH) == 0 && (cur >> 56) == ((nv >> 56) | RACE_W) && ((cur >> 48) & mask) == mask)
		return;    /* an own write of this epoch covers these bytes */
	if (cur == 0 && __atomic_compare_exchange_n(c, &cur, nv, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
		shadow_ahead(shadow_top[(addr >> SHADOW_REGION_BITS) & (SHADOW_NREGIONS - 1)], c);
		race_log_access(r, addr, size, pc, (unsigned)(nv >> 56) & RACE_W);    /* a first access */
	} else if (own_store(c, cur, nv))
		race_log_access(r, addr, size, pc, (unsigned)(nv >> 56) & RACE_W);    /* an own entry replaced */
	else
		access_cell(r, c, cur, nv, addr, size, pc, true, true);
}

void race_access_range(struct race_thr *r, uintptr_t addr, size_t n, unsigned flags, uintptr_t pc)
{
	if (unlikely(r->ignore) || n == 0)
		return;
	uintptr_t end = addr + n;
	uint64_t clk = vc_get(&r->w->clock, r->tid);
	uint64_t base = clk | ((uint64_t)r->tid << 32) | ((uint64_t)flags << 56);
	bool logged = false, reported = false;
	uint64_t *c = NULL;
	uintptr_t last_region = ~0ul;
	for (uintptr_t a = addr; a < end;) {
		uintptr_t g = a & ~7ul;
		uintptr_t ge = g + 8 < end ? g + 8 : end;
		unsigned lo = (unsigned)(a - g), hi = (unsigned)(ge - g);
		uint64_t mask = ((1u << hi) - 1) & ~((1u << lo) - 1);
		if ((a >> SHADOW_REGION_BITS) != last_region) {
			c = shadow_cell(a);
			last_region = a >> SHADOW_REGION_BITS;
		} else if (c) {
			c++;
		}
		if (c) {
			uint64_t nv = base | (mask << 48);
			uint64_t cur = __atomic_load_n(c, __ATOMIC_RELAXED);
			if (cur != nv && !(((cur ^ nv) & 0x0000ffffffffffffull) == 0 &&
					   (cur >> 56) == ((uint64_t)flags | RACE_W) && ((cur >> 48) & mask) == mask)) {
				if (!logged) {
					race_log_access(r, addr, n, pc, flags & RACE_W);   /* one history entry for the whole range */
					logged = true;
				}
				/* only the first race of one call is reported */
				if (!own_store(c, cur, nv) && access_cell(r, c, cur, nv, a, hi - lo, pc, false, !reported))
					reported = true;
			}
		}
		a = ge;
	}
}

/* for the access callbacks linked into instrumented modules (access_abi.h) */
WEFT_LEND_TLS(race_cur)
WEFT_LEND(race_none)
WEFT_LEND(race_thread_slow)
WEFT_LEND(race_snapshot)
WEFT_LEND(race_log_access_slow)
WEFT_LEND(race_access_own)
WEFT_LEND(race_access_cold)
WEFT_LEND(race_access_range_pc)
WEFT_LEND(race_access_pair_slow)

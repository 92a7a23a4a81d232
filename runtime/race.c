/* race.c - the race detector's core: per-thread state, the shadow-cell state machine, history.
 * Semantics in race.h. Rules: nothing here takes a lock on the hot path (race.h's inline checks);
 * the slow path uses compare-and-swap on the cell, and an expanded cell's spinlock. */
#include "race.h"

#include <pthread.h>
#include <string.h>

#include "hb.h"
#include "stack.h"

volatile int race_active;
RT_TLS struct race_thr *race_cur;

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
	if (w->clock.n == 0 || r->tid >= MAX_RTHR)
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
	if (r->tid < MAX_RTHR)
		__atomic_store_n(&rthrs[r->tid], r, __ATOMIC_RELEASE);
	rt_guard--;
	race_cur = r;
	return r;
}

/* ---- history ---- */

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
	__atomic_store_n(&s->part, part, __ATOMIC_RELEASE);
}

static bool ev_covers(uint64_t ev, uint64_t next, uintptr_t addr)
{
	uintptr_t a = (uintptr_t)(ev & ((1ull << 47) - 1));
	uint64_t n = (ev >> 47) & 0x3fff;
	if ((next >> 61) == RACE_EV_LEN)
		n = next & ((1ull << 61) - 1);
	return (addr & ~7ul) >= (a & ~7ul) && addr < a + (n ? n : 1);
}

unsigned race_history_stack(uint32_t tid, uintptr_t addr, uintptr_t *pcs, unsigned max, bool *found)
{
	*found = false;
	struct race_thr *r = race_thread_by_id(tid);
	if (!r || max == 0)
		return 0;
	uint64_t pos = __atomic_load_n(&r->pos, __ATOMIC_ACQUIRE);
	uint64_t lo = pos > RACE_RING - RACE_PART ? pos - (RACE_RING - RACE_PART) : 0;
	for (uint64_t i = pos; i-- > lo;) {
		uint64_t ev = r->ring[i & (RACE_RING - 1)];
		if ((ev >> 61) != RACE_EV_ADDR)
			continue;
		uint64_t nx = i + 1 < pos ? r->ring[(i + 1) & (RACE_RING - 1)] : 0;
		if (!ev_covers(ev, nx, addr))
			continue;
		/* the pc follows (after the optional length) */
		uintptr_t pc = 0;
		for (uint64_t j = i + 1; j < pos && j < i + 3; j++) {
			uint64_t e = r->ring[j & (RACE_RING - 1)];
			if ((e >> 61) == RACE_EV_PC) {
				pc = (uintptr_t)(e & ((1ull << 61) - 1));
				break;
			}
		}
		/* replay the part from its snapshot */
		uint64_t part = i / RACE_PART;
		const struct race_snap *s = &r->snaps[part % (RACE_RING / RACE_PART)];
		if (__atomic_load_n(&s->part, __ATOMIC_ACQUIRE) != part)
			return 0;
		uintptr_t stk[RACE_STACK_MAX];
		uint32_t d = s->depth, base_lost = 0;
		memcpy(stk, s->pcs, d * sizeof *stk);
		for (uint64_t j = part * RACE_PART; j < i; j++) {
			uint64_t e = r->ring[j & (RACE_RING - 1)];
			if ((e >> 61) == RACE_EV_ENTRY) {
				if (d < RACE_STACK_MAX)
					stk[d++] = (uintptr_t)(e & ((1ull << 61) - 1));
			} else if ((e >> 61) == RACE_EV_EXIT) {
				if (d)
					d--;
				else
					base_lost++;
			}
		}
		(void)base_lost;
		unsigned n = 0;
		if (pc)
			pcs[n++] = pc;
		while (d && n < max)
			pcs[n++] = stk[--d];
		*found = true;
		return n;
	}
	return 0;
}

static void log_access(struct race_thr *r, uintptr_t addr, size_t n, uintptr_t pc)
{
	/* a loop walking memory from one pc: grow the previous event instead of adding one, when
	 * nothing was logged since (so replaying the history is unchanged) */
	uint64_t pos = r->pos;
	if (pc == r->last_pc && addr == r->last_end && pos == r->last_idx + 2 && pos - r->last_idx < RACE_RING) {
		uint64_t *ev = &r->ring[r->last_idx & (RACE_RING - 1)];
		uint64_t len = ((*ev >> 47) & 0x3fff) + n;
		if (len < 0x4000) {
			*ev = RACE_EV(RACE_EV_ADDR, (*ev & ((1ull << 47) - 1)) | (len << 47));
			r->last_end = addr + n;
			return;
		}
	}
	r->last_pc = pc;
	r->last_end = addr + n;
	r->last_idx = pos;
	if (n < 0x4000) {
		race_log(r, RACE_EV(RACE_EV_ADDR, (uint64_t)addr | ((uint64_t)n << 47)));
	} else {
		race_log(r, RACE_EV(RACE_EV_ADDR, addr));
		race_log(r, RACE_EV(RACE_EV_LEN, n));
		r->last_pc = 0;
	}
	race_log(r, RACE_EV(RACE_EV_PC, pc));
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
				log_access(r, addr, size, pc);
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
				log_access(r, addr, size, pc);
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
					log_access(r, addr, n, pc);   /* one history entry for the whole range */
					logged = true;
				}
				/* only the first race of one call is reported */
				if (access_cell(r, c, cur, nv, a, hi - lo, pc, false, !reported))
					reported = true;
			}
		}
		a = ge;
	}
}

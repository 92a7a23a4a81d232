/* race.h - the data-race detector (FastTrack-style epochs on byte-precise shadow cells).
 *
 * Semantics. Every instrumented access (tsan_iface.c) and every intercepted memory range operation
 * (race_alloc.c) is checked against the shadow cell of each 8-byte granule it touches (shadow.h).
 * A cell holds either one access inline or a pointer to a small "expanded" cell of up to
 * RACE_XN accesses. An access is (thread id, epoch = the thread's own clock entry at the access,
 * byte mask inside the granule, write?, atomic?). Two accesses race when they touch a common byte,
 * come from different threads, at least one writes, not both are atomic, and the earlier one's epoch
 * is not covered by the later thread's vector clock (hb.h: hb_epoch_before).
 *
 * Inline encoding (64 bits): clk 0..31, tid 32..47, mask 48..55, write 56, atomic 57; bit 63 set:
 * the low 48 bits point to a struct race_xcell. A thread's own entry is replaced when the new access
 * dominates it (covers its bytes, writes if it wrote, plain if it was plain) — same thread, or
 * ordered before; otherwise the cell is expanded. Same-epoch reads under an own write are not
 * recorded (FastTrack's "write subsumes read in the same epoch").
 *
 * Hot path: one TLS load, one load of the thread's own clock entry, one shadow load and a compare;
 * no lock. Shadow transitions use compare-and-swap; an expanded cell has its own spinlock.
 *
 * Previous-access stacks: each thread keeps a ring of events (function entry/exit from the
 * compiler's __tsan_func_entry/exit, and every access that changed a shadow cell) with a snapshot
 * of its shadow call stack every RACE_PART events, after TSan's "trace parts"; the stack of the
 * previous access is rebuilt by replaying its part. When the event has left the ring, the report
 * says so in the stack's note instead of dropping the race.
 */
#ifndef WEFT_RACE_H
#define WEFT_RACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt.h"
#include "shadow.h"
#include "thread.h"

#define RACE_W 1u
#define RACE_A 2u

#define RACE_STACK_MAX 256          /* shadow call stack depth kept (deeper frames are counted) */
#define RACE_RING (1u << 15)        /* history events per thread (8 bytes each: 256 KiB) */
#define RACE_PART (1u << 11)        /* events between two call-stack snapshots */
#define RACE_SNAP 64                /* innermost frames kept in a snapshot */

struct race_snap {
	uint64_t part;
	uint32_t depth;
	uintptr_t pcs[RACE_SNAP];
};

struct race_thr {
	struct wthr *w;
	uint32_t tid;
	int ignore;                  /* > 0: accesses of this thread are not checked (annotations) */
	uint32_t depth;
	uintptr_t stk[RACE_STACK_MAX];
	uint64_t *ring;
	volatile uint64_t pos;
	struct race_snap *snaps;     /* RACE_RING / RACE_PART */
	struct vc fence_acq;         /* sync clocks read by relaxed loads, for the next acquire fence */
	struct vc fence_rel;         /* own clock at the last release fence */
	bool has_fence_rel;
	char *xbump, *xend;          /* expanded cells, bump-allocated */
	bool reporting;
	uintptr_t last_pc, last_end;   /* the last logged access, to coalesce sequential ones */
	uint64_t last_idx;
	uintptr_t stack_lo, stack_hi;  /* the thread's stack (0: unknown) */
	uintptr_t tls_lo, tls_hi;      /* its static TLS (below the thread pointer) */
};

extern volatile int race_active;           /* __tsan_init was called: instrumented code exists */
extern RT_TLS struct race_thr *race_cur;
struct race_thr *race_thread_slow(void);
struct race_thr *race_thread_by_id(uint32_t tid);
void race_init(void);                      /* idempotent; sets race_active */

static inline struct race_thr *race_thread(void)
{
	struct race_thr *r = race_cur;
	return likely(r != NULL) ? r : race_thread_slow();
}

/* ---- history ---- */
enum { RACE_EV_ENTRY = 1, RACE_EV_EXIT = 2, RACE_EV_ADDR = 3, RACE_EV_PC = 4, RACE_EV_LEN = 5 };
#define RACE_EV(type, payload) (((uint64_t)(type) << 61) | ((uint64_t)(payload) & ((1ull << 61) - 1)))
void race_snapshot(struct race_thr *r);
static inline void race_log(struct race_thr *r, uint64_t ev)
{
	uint64_t p = r->pos;
	if (unlikely((p & (RACE_PART - 1)) == 0))
		race_snapshot(r);
	r->ring[p & (RACE_RING - 1)] = ev;
	__atomic_store_n(&r->pos, p + 1, __ATOMIC_RELEASE);
}

/* ---- accesses ---- */
/* Check and record an access of n bytes at addr (any size, any alignment). */
void race_access_range(struct race_thr *r, uintptr_t addr, size_t n, unsigned flags, uintptr_t pc);
void race_access_slow(struct race_thr *r, uint64_t *c, uint64_t cur, uint64_t nv, uintptr_t addr,
		      unsigned size, uintptr_t pc);

/* Access inside one granule (addr % 8 + size <= 8). */
static inline void race_access1(struct race_thr *r, uintptr_t addr, unsigned size, unsigned flags, uintptr_t pc)
{
	if (unlikely(r->ignore))
		return;
	uint64_t *c = shadow_cell(addr);
	if (unlikely(!c))
		return;
	uint64_t clk = vc_get(&r->w->clock, r->tid);
	uint64_t mask = ((1u << size) - 1) << (addr & 7);
	uint64_t nv = clk | ((uint64_t)r->tid << 32) | (mask << 48) | ((uint64_t)flags << 56);
	uint64_t cur = __atomic_load_n(c, __ATOMIC_RELAXED);
	if (likely(cur == nv))
		return;
	/* same thread and epoch, an own write (same atomicity) covering these bytes: nothing new */
	if (((cur ^ nv) & 0x0000ffffffffffffull) == 0 && (cur >> 56) == ((uint64_t)flags | RACE_W) &&
	    ((cur >> 48) & mask & 0xff) == mask)
		return;
	race_access_slow(r, c, cur, nv, addr, size, pc);
}

static inline void race_access(uintptr_t addr, unsigned size, unsigned flags, uintptr_t pc)
{
	struct race_thr *r = race_thread();
	if (likely((addr & 7) + size <= 8))
		race_access1(r, addr, size, flags, pc);
	else
		race_access_range(r, addr, size, flags, pc);
}

/* ---- atomics and fences (race_sync.c) ---- */
struct hb_sync *race_sync(uintptr_t addr, bool create);
void race_atomic_pre(struct race_thr *r, uintptr_t addr, unsigned size, int mo, bool load, bool store, uintptr_t pc);
void race_atomic_post(struct race_thr *r, uintptr_t addr, int mo, bool load, bool store);
void race_fence(struct race_thr *r, int mo);

/* ---- heap blocks (race_alloc.c) ---- */
struct race_block {
	uintptr_t base;
	size_t size;
	uint32_t stack;
	int thread;
};
bool race_heap_find(uintptr_t addr, struct race_block *out);

/* ---- reports (race_report.c) ---- */
/* A race between the current access and the recorded entry `old` at addr. */
void race_report(struct race_thr *r, uintptr_t addr, unsigned size, unsigned flags, uintptr_t pc, uint64_t old);
bool race_benign(uintptr_t addr);
void race_benign_add(uintptr_t addr, size_t n);
/* At report time (report_rt.c build()): fill the report's accesses and memory of a data race. */
struct report_finding;
struct rfinding;
void race_report_fill(struct report_finding *f, const struct rfinding *rf);
/* Rebuild the stack of thread tid's last logged access touching addr: pcs innermost first. */
unsigned race_history_stack(uint32_t tid, uintptr_t addr, uintptr_t *pcs, unsigned max, bool *found);

#endif

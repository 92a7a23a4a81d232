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
 * Hot path (race_access1): one initial-exec TLS load gives the thread's state (race_cur), one more
 * the new cell value (epoch | id, bytes, kind), one the shadow region, one the cell, and a compare;
 * no lock. An own older entry is replaced with a plain store; empty cells and other threads'
 * entries change with compare-and-swap; an expanded cell has its own spinlock.
 *
 * Previous-access stacks: each thread keeps a ring of events (function entry/exit from the
 * compiler's __tsan_func_entry/exit, runs of accesses that changed a shadow cell, held locks) with a snapshot
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

#define RACE_LOCKS_EV 3          /* lock ids per LOCKS event (19 bits each, after a 2-bit count) */
#define RACE_RUN_PCS 4           /* pcs a history run may cycle through (a loop unrolled 4 times) */
#define RACE_RUN_CLOSED (1ull << 63)

struct race_snap {
	uint64_t part;
	uint32_t depth;
	uint32_t nlocks;             /* held locks at the start of the part */
	uint32_t locks[RACE_LOCKS_EV];
	uintptr_t pcs[RACE_SNAP];
};

struct race_thr {
	/* hot: read by the inline checks below, all at small offsets from one pointer (race_cur) */
	uint64_t tidep;              /* thread id << 32 | the thread's own vector-clock entry (its epoch):
				      * a cell's identity part; RACE_TID_COLD << 32 while the thread's
				      * accesses are ignored (and in race_none) */
	uint64_t full[4];            /* tidep, all 8 bytes and the flags (index): a whole-granule access.
				      * hb_tick keeps the low 32 bits of these five words equal to the
				      * thread's own clock entry (thread.h: epoch_mirror) */
	/* the current run of sequential accesses from one pc (race_log_access) */
	uintptr_t run_next;            /* its end; RACE_RUN_CLOSED or-ed in once anything else is logged */
	uint64_t run_key;              /* the pc of run_keys[run_phase]: the pc the next access must have */
	uint32_t run_k, run_phase;     /* how many keys; the index of the key the next access must have */
	uint64_t run_keys[RACE_RUN_PCS]; /* pc | size << 48 of its accesses, in the order they cycle */
	uintptr_t run_addr;
	uint64_t run_idx;              /* ring position of its ADDR event */
	unsigned run_w;                /* RACE_W: its accesses are writes (a run has one kind) */
	/* cold */
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
	const uint32_t *nheld;         /* &w->nheld */
	uint32_t nlocks_logged;        /* the held locks last logged (LOCKS event) */
	uint32_t locks_logged[RACE_LOCKS_EV];
	uintptr_t stack_lo, stack_hi;  /* the thread's stack (0: unknown) */
	uintptr_t tls_lo, tls_hi;      /* its static TLS (below the thread pointer) */
};

extern volatile int race_active;           /* __tsan_init was called: instrumented code exists */
/* The current thread's state; &race_none until it has one, so the hot path needs no test of its
 * own for that: race_none's accesses carry the thread id RACE_TID_COLD, which no shadow cell holds
 * (ids stop at MAX_RTHR - 1), so they never look like "nothing new" or "own older entry" and reach
 * race_access_own, which sends them to race_access_cold. Ignored threads get the same id. */
#define RACE_TID_COLD 0xffffu
extern RT_TLS struct race_thr *race_cur;
extern struct race_thr race_none;
/* Accesses of r are ignored (n > 0) or checked again (n == 0). */
void race_set_ignore(struct race_thr *r, int n);
struct race_thr *race_thread_slow(void);
struct race_thr *race_thread_by_id(uint32_t tid);
void race_init(void);                      /* idempotent; sets race_active */

static inline struct race_thr *race_thread(void)
{
	struct race_thr *r = race_cur;
	return likely(r != &race_none) ? r : race_thread_slow();
}

/* ---- history ---- */
/* Events (3-bit type, 61-bit payload). An access is ADDR (address | low 14 bits of the length
 * << 47) followed by PC (pc | high 13 bits of the length << 47 | 1 << 60 for writes). Sequential
 * accesses of one kind from one pc with nothing logged in between extend the thread's open "run"
 * (race_thr.run_*) instead of adding events; the run's final length is written into its events
 * when the next run starts, and a reader takes the open run's length from race_thr. A run whose
 * accesses cycle through several pcs has a PCN event for each after the first (pc | index << 47 |
 * access size << 49) right after its PC. LOCKS records the thread's held locks (a 2-bit count and
 * up to RACE_LOCKS_EV ids) when they differ from the last ones logged; snapshots carry them. */
enum { RACE_EV_ENTRY = 1, RACE_EV_EXIT = 2, RACE_EV_ADDR = 3, RACE_EV_PC = 4, RACE_EV_PCN = 5, RACE_EV_LOCKS = 6 };
#define RACE_EV(type, payload) (((uint64_t)(type) << 61) | ((uint64_t)(payload) & ((1ull << 61) - 1)))
#define RACE_RUN_MAX ((1ull << 27) - 1)     /* longest run described (longer: its tail is lost) */
void race_snapshot(struct race_thr *r);
static inline void race_log(struct race_thr *r, uint64_t ev)
{
	uint64_t p = r->pos;
	if (unlikely((p & (RACE_PART - 1)) == 0))
		race_snapshot(r);
	r->ring[p & (RACE_RING - 1)] = ev;
	r->run_next |= RACE_RUN_CLOSED; /* an event after the run: it cannot grow any more */
	__atomic_store_n(&r->pos, p + 1, __ATOMIC_RELEASE);
}
void race_log_access_slow(struct race_thr *r, uintptr_t addr, size_t n, uintptr_t pc, unsigned w);
/* Does an access continue the open run: the next address, nothing logged since, and the pc
 * expected next? (The size is not compared: an instrumented pc always has one size; only a range
 * interceptor's pc may vary it, and a run of one pc has no use for the size.) A run has one pc, or
 * up to RACE_RUN_PCS that its accesses cycle through (an unrolled or vectorised loop storing with
 * several copies of one statement, or adjacent fields stored one after the other): the reader
 * gives every access of the run its own pc back from its position. Locks taken or released inside
 * a run (a loop that calls pthread_mutex_lock without any instrumented call in between) do not end
 * it: the run keeps the locks logged at its start. */
static inline uint64_t race_run_key(uintptr_t pc, size_t n) { return pc | ((uint64_t)n << 48); }
#define RACE_RUN_PC ((1ull << 48) - 1)
static inline __attribute__((always_inline)) bool race_run_continues(const struct race_thr *r, uintptr_t addr,
									uintptr_t pc)
{
	return addr == r->run_next && pc == r->run_key;
}
/* The next access of a run cycling through several pcs must have the next one. */
static inline void race_run_step(struct race_thr *r)
{
	uint32_t ph = r->run_phase + 1;
	ph = ph == r->run_k ? 0 : ph;
	r->run_phase = ph;
	r->run_key = r->run_keys[ph] & RACE_RUN_PC;
}
/* Log an access that changed a shadow cell: usually two compares and one store extending the open
 * run. */
static inline __attribute__((always_inline)) void race_log_access(struct race_thr *r, uintptr_t addr, size_t n,
								    uintptr_t pc, unsigned w)
{
	if (likely(race_run_continues(r, addr, pc))) {
		r->run_next = addr + n;
		if (unlikely(r->run_k != 1))
			race_run_step(r);
	} else {
		race_log_access_slow(r, addr, n, pc, w);
	}
}

/* ---- accesses ---- */
/* Check and record an access of n bytes at addr (any size, any alignment). */
void race_access_range(struct race_thr *r, uintptr_t addr, size_t n, unsigned flags, uintptr_t pc);
void race_access_range_pc(uintptr_t addr, size_t n, unsigned flags, uintptr_t pc);   /* current thread */
void race_access_slow(struct race_thr *r, uint64_t *c, uint64_t cur, uint64_t nv, uintptr_t addr,
		      unsigned size, uintptr_t pc);
/* An access of a cold thread (no state yet, or its accesses are ignored), or to a region without
 * shadow yet. */
void race_access_cold(uintptr_t addr, unsigned size, unsigned flags, uintptr_t pc);

#define RACE_CELL_EPOCH 0x0000ffffffffffffull   /* clk and tid */
#define RACE_CELL_TIDX  0x8000ffff00000000ull   /* tid and the expanded bit */
#define RACE_CELL_W     (1ull << 56)

/* The other cases (race.c): an empty cell (first access: compare-and-swap), an own write of this
 * epoch covering more bytes, own older accesses dominated by the new one, bytes merged into an own
 * entry of this epoch, else race_access_slow. */
void race_access_own(uint64_t *c, uint64_t cur, uint64_t nv, uintptr_t addr, unsigned size, uintptr_t pc);

/* Nothing new: the cell holds this access, or, for a read, an own write of this epoch on the same
 * bytes (flags is a constant in every caller: one compare for a write, an or and a compare for a
 * read). */
static inline __attribute__((always_inline)) bool race_same(uint64_t cur, uint64_t nv, unsigned flags)
{
	if (flags & RACE_W)
		return cur == nv;
	return (cur | RACE_CELL_W) == (nv | RACE_CELL_W);
}

/* A first access to an empty cell, while the thread walks fresh memory forward: the cell before it
 * (same shadow region) holds this thread's access of this epoch. Such a cell is installed with a
 * plain store, not compare-and-swap: a locked instruction waits for its cache line and keeps the
 * misses of a walk from overlapping (the first pass over a fresh array took 10% of the
 * memory-heavy benchmark that way). What the plain store can lose is another thread's first
 * access to the same granule in the same few nanoseconds, and that thread, racing with a walk,
 * races on the walk's other granules too. An isolated first access still takes
 * compare-and-swap (race_access_own), and so does the first cell of each group of shadow pages,
 * which shadow_ahead faults in. */
static inline __attribute__((always_inline)) bool race_streaming(const uint64_t *c, uint64_t nv,
								 uintptr_t addr)
{
	return (addr & ((1ul << SHADOW_REGION_BITS) - 8)) != 0 &&
	       ((__atomic_load_n(&c[-1], __ATOMIC_RELAXED) ^ nv) & RACE_CELL_EPOCH) == 0 &&
	       ((uintptr_t)c & (SHADOW_AHEAD * 4096 - 1)) != 0;
}

/* Access inside one granule (addr % 8 + size <= 8). Inline:
 *  - nothing new: the cell holds this very access, or (for a read) an own write of this epoch on
 *    the same bytes (FastTrack: the write subsumes the read): one xor, one and-not, one test;
 *  - an own access of an older epoch on the same bytes and of the same kind (a thread re-walking
 *    its own memory after synchronising): FastTrack replaces it; a plain store, and the history
 *    run grows by one store.
 * A plain store over an own entry is safe in the FastTrack sense: an own entry never races with the
 * new access, and the new one stands for it in every later check. The only loss is an access that
 * another thread installs in the same few nanoseconds and that happened after the own entry
 * (its record is overwritten); ThreadSanitizer's shadow stores are all plain.
 * Everything else is one tail call (race_access_own, race_access_cold, race_log_access_slow), so
 * the callbacks that inline this need no stack frame. An empty cell (first access since the memory
 * was allocated) is installed there with compare-and-swap, not a plain store (unless the thread is
 * walking fresh memory, race_streaming): two threads racing on their very first access to a
 * variable (clang turns a whole `for (...) counter++` into one write) would both see the empty
 * cell, and plain stores would lose the race. */
static inline __attribute__((always_inline)) void race_access1(uintptr_t addr, unsigned size, unsigned flags,
								 uintptr_t pc)
{
	struct race_thr *r = race_cur;
	/* masked, not compared: only a wild pointer (which faults anyway) has bits above 47 */
	uint64_t *base = __atomic_load_n(&shadow_top[(addr >> SHADOW_REGION_BITS) & (SHADOW_NREGIONS - 1)],
					 __ATOMIC_ACQUIRE);
	if (unlikely(!base)) {
		race_access_cold(addr, size, flags, pc);
		return;
	}
	uint64_t *c = base + ((addr & ((1ul << SHADOW_REGION_BITS) - 1)) >> 3);
	uint64_t nv;
	uint64_t cur = __atomic_load_n(c, __ATOMIC_RELAXED);
	if (size == 8 && !(flags & RACE_W)) {
		/* a read: compared as if a write, so that an own write of this epoch matches too */
		uint64_t nw = r->full[flags | RACE_W];
		if (likely((cur | RACE_CELL_W) == nw))
			return;
		nv = nw & ~RACE_CELL_W;
	} else {
		if (size == 8) {
			nv = r->full[flags];
		} else {
			uint64_t mask = (uint64_t)((1u << size) - 1) << (addr & 7);
			nv = r->tidep | (mask << 48) | ((uint64_t)flags << 56);
		}
		if (likely(race_same(cur, nv, flags)))
			return;
	}
	if (likely(((cur ^ nv) >> 32) == 0)) {
		__atomic_store_n(c, nv, __ATOMIC_RELAXED);
		race_log_access(r, addr, size, pc, flags & RACE_W);
		return;
	}
	if (cur == 0 && race_streaming(c, nv, addr)) {
		__atomic_store_n(c, nv, __ATOMIC_RELAXED);
		race_log_access(r, addr, size, pc, flags & RACE_W);
		return;
	}
	race_access_own(c, cur, nv, addr, size, pc);
}

/* Two whole granules (16 bytes at an 8-aligned address: vectorised code, __int128): the same
 * cases as race_access1, on both cells at once; anything else (empty cells too) granule by granule. */
void race_access_pair_slow(uintptr_t addr, unsigned flags, uintptr_t pc);
static inline __attribute__((always_inline)) void race_access_pair(uintptr_t addr, unsigned flags, uintptr_t pc)
{
	struct race_thr *r = race_cur;
	uint64_t *base = __atomic_load_n(&shadow_top[(addr >> SHADOW_REGION_BITS) & (SHADOW_NREGIONS - 1)],
					 __ATOMIC_ACQUIRE);
	uintptr_t off = addr & ((1ul << SHADOW_REGION_BITS) - 1);
	if (unlikely(!base || off > (1ul << SHADOW_REGION_BITS) - 16)) {
		race_access_pair_slow(addr, flags, pc);
		return;
	}
	uint64_t *c = base + (off >> 3);
	uint64_t nv = r->full[flags];
	uint64_t c0 = __atomic_load_n(&c[0], __ATOMIC_RELAXED), c1 = __atomic_load_n(&c[1], __ATOMIC_RELAXED);
	if (flags & RACE_W) {
		if (likely(((c0 ^ nv) | (c1 ^ nv)) == 0))
			return;
	} else {
		uint64_t nw = nv | RACE_CELL_W;
		if (likely((((c0 | RACE_CELL_W) ^ nw) | ((c1 | RACE_CELL_W) ^ nw)) == 0))
			return;
	}
	if (likely((((c0 ^ nv) | (c1 ^ nv)) >> 32) == 0)) {
		__atomic_store_n(&c[0], nv, __ATOMIC_RELAXED);
		__atomic_store_n(&c[1], nv, __ATOMIC_RELAXED);
		race_log_access(r, addr, 16, pc, flags & RACE_W);
		return;
	}
	race_access_pair_slow(addr, flags, pc);
}

static inline __attribute__((always_inline)) void race_access(uintptr_t addr, unsigned size, unsigned flags,
								uintptr_t pc)
{
	if (likely((addr & 7) + size <= 8))
		race_access1(addr, size, flags, pc);
	else if (size == 16 && (addr & 7) == 0)
		race_access_pair(addr, flags, pc);
	else
		race_access_range_pc(addr, size, flags, pc);
}

/* ---- atomics and fences (race_sync.c) ---- */
struct hb_sync *race_sync(uintptr_t addr, bool create);
void race_sync_forget(uintptr_t addr, size_t n);    /* memory freed: its atomic locations start over */
void race_atomic_pre(struct race_thr *r, uintptr_t addr, unsigned size, int mo, bool load, bool store, uintptr_t pc);
void race_atomic_post(struct race_thr *r, uintptr_t addr, int mo, bool load, bool store);
void race_fence(struct race_thr *r, int mo);

/* ---- heap blocks (race_alloc.c) ---- */
struct race_block {
	uintptr_t base;
	size_t size;
	uint32_t stack;
	int thread;
	bool freed;          /* race_heap_find: a recently freed block (use after free) */
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
/* Rebuild the stack of thread tid's last logged access touching addr: pcs innermost first; the
 * ids of the locks it held (innermost first, at most RACE_LOCKS_EV) into locks/nlocks. */
unsigned race_history_stack(uint32_t tid, uintptr_t addr, bool write, uintptr_t *pcs, unsigned max,
			    bool *found, uint32_t *locks, unsigned *nlocks);

#endif

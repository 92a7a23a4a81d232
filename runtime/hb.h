/* hb.h - the happens-before model, shared by every analysis (lock order, race detection, trace).
 *
 * Semantics: each thread carries a vector clock (thread.h). A synchronization object carries a
 * sync clock (struct hb_sync). "Release" joins the thread's clock into the object and then ticks
 * the thread's own entry; "acquire" joins the object's clock into the thread's clock. An event e1
 * of thread T1 happens before an event e2 of thread T2 iff T1's clock entry at e1 is <= T2's clock
 * entry for T1 at e2 (see hb_epoch_before).
 *
 * Per primitive (implemented by the hooks that call this module):
 *   mutex / spinlock / C11 mutex: unlock = release, lock = acquire
 *   rwlock: write-unlock releases into `w`; read-unlock releases into `r`; read-lock acquires `w`;
 *           write-lock acquires `w` and `r` (readers do not order each other)
 *   cond:   signal/broadcast release into the cond; a returning wait acquires it (plus the mutex)
 *   sem:    post releases, a successful wait acquires
 *   barrier: every arrival releases, every departure acquires (all participants ordered)
 *   once:   the init routine's end releases; every pthread_once return acquires
 *   create/join: create releases into the child's start; the child's end releases into exit_sync,
 *           join acquires it
 *   atomics (race detector): release/acq_rel/seq_cst stores release into the location's sync,
 *           acquire loads acquire it.
 */
#ifndef WEFT_HB_H
#define WEFT_HB_H

#include "rt.h"
#include "vc.h"

struct wthr;

struct hb_sync {
	rt_spin lk;        /* protects vc for the concurrent variants */
	struct vc vc;
};

/* Clocks are kept only while some analysis reads them (the race detector, once instrumented
 * code calls __tsan_init; the trace; option hb=1): lock-order and deadlock detection do not need
 * them, and `weft run` on a plain binary must stay close to native speed. Thread creation and
 * join always update clocks (rare events), so an analysis switched on later starts right. */
extern volatile int hb_active;
void hb_enable(void);

void hb_acquire_slow(struct wthr *t, struct hb_sync *s);
void hb_release_slow(struct wthr *t, struct hb_sync *s);
void hb_acquire_excl_slow(struct wthr *t, struct hb_sync *s);
void hb_release_excl_slow(struct wthr *t, struct hb_sync *s);
void hb_release_always(struct wthr *t, struct hb_sync *s);
void hb_acquire_always(struct wthr *t, struct hb_sync *s);

/* Concurrent-safe variants (take s->lk). */
static inline void hb_acquire(struct wthr *t, struct hb_sync *s) { if (hb_active) hb_acquire_slow(t, s); }
static inline void hb_release(struct wthr *t, struct hb_sync *s) { if (hb_active) hb_release_slow(t, s); }
/* Variants for objects the caller accesses exclusively (e.g. under the user's held mutex). */
static inline void hb_acquire_excl(struct wthr *t, struct hb_sync *s) { if (hb_active) hb_acquire_excl_slow(t, s); }
static inline void hb_release_excl(struct wthr *t, struct hb_sync *s) { if (hb_active) hb_release_excl_slow(t, s); }
/* The thread's own entry advances (and its mirror with it, thread.h). */
void hb_tick(struct wthr *t);
/* Child start: child clock = parent's clock at create (passed as a copy), then tick. */
void hb_thread_start(struct wthr *child, const struct vc *parent_at_create);

/* Did the event at epoch (tid, clk) happen before thread t's current point? */
static inline bool hb_epoch_before(uint32_t tid, uint32_t clk, const struct vc *now)
{
	return clk <= vc_get(now, tid);
}

#endif

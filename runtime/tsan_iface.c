/* tsan_iface.c - the compiler-callback ABI of -fsanitize=thread (gcc 12, clang 14), served by
 * weft's race detector (race.h) instead of libtsan, plus the annotation API programs use with TSan.
 *
 * Rules: these run inside instrumented code, millions of times a second: plain accesses (and
 * function entry and exit) are in tsan_access.c, which is also linked into each instrumented
 * module; only atomics, fences and annotations touch sync clocks. Memory orders
 * arrive as ints (0 relaxed .. 5 seq_cst; gcc may set HLE bits, masked with 0x7fff). Atomic
 * operations themselves are performed sequentially consistent (stronger than asked: always correct).
 * Nothing here may call an intercepted function or allocate with malloc.
 */
#include <stdint.h>

#include "race.h"
#include "sched.h"

#define EXPORT RT_EXPORT
#define CPC ((uintptr_t)__builtin_return_address(0))

EXPORT void __tsan_init(void);

EXPORT void __tsan_init(void)
{
	race_init();
	(void)race_thread();
}

/* __tsan_func_entry/exit and the plain accesses: tsan_access.c */

EXPORT void __tsan_read_range(void *a, unsigned long n);
EXPORT void __tsan_read_range(void *a, unsigned long n) { race_access_range(race_thread(), (uintptr_t)a, n, 0, CPC); }
EXPORT void __tsan_write_range(void *a, unsigned long n);
EXPORT void __tsan_write_range(void *a, unsigned long n) { race_access_range(race_thread(), (uintptr_t)a, n, RACE_W, CPC); }

EXPORT void __tsan_vptr_read(void **p);
EXPORT void __tsan_vptr_read(void **p) { race_access((uintptr_t)p, sizeof *p, 0, CPC); }
EXPORT void __tsan_vptr_update(void **p, void *v);
EXPORT void __tsan_vptr_update(void **p, void *v)
{
	if (*p != v)     /* re-storing the same vtable pointer (constructors, destructors) is benign */
		race_access((uintptr_t)p, sizeof *p, RACE_W, CPC);
}

/* ---- atomics ---- */

typedef unsigned __int128 u128;

static inline bool cas128(volatile u128 *a, u128 *expected, u128 desired)
{
	bool ok;
	uint64_t lo = (uint64_t)*expected, hi = (uint64_t)(*expected >> 64);
	__asm__ __volatile__("lock cmpxchg16b %1"
			     : "=@ccz"(ok), "+m"(*a), "+a"(lo), "+d"(hi)
			     : "b"((uint64_t)desired), "c"((uint64_t)(desired >> 64))
			     : "memory");
	*expected = ((u128)hi << 64) | lo;
	return ok;
}

/* explore mode (weft explore, runtime/sched.h): every atomic is a scheduling point */
#define PRE(a, size, mo, ld, st) if (unlikely(rt_sched_on)) sched_atomic_point(CPC); \
	struct race_thr *r_ = race_thread(); \
	race_atomic_pre(r_, (uintptr_t)(a), size, mo, ld, st, CPC)
#define POST(a, mo, ld, st) race_atomic_post(r_, (uintptr_t)(a), mo, ld, st)

#define ATOMIC_OPS(bits, T)                                                                          \
	EXPORT T __tsan_atomic##bits##_load(const volatile T *a, int mo);                             \
	EXPORT T __tsan_atomic##bits##_load(const volatile T *a, int mo)                              \
	{                                                                                            \
		PRE(a, sizeof(T), mo, true, false);                                                  \
		T v = __atomic_load_n(a, __ATOMIC_SEQ_CST);                                          \
		POST(a, mo, true, false);                                                            \
		return v;                                                                            \
	}                                                                                            \
	EXPORT void __tsan_atomic##bits##_store(volatile T *a, T v, int mo);                          \
	EXPORT void __tsan_atomic##bits##_store(volatile T *a, T v, int mo)                           \
	{                                                                                            \
		PRE(a, sizeof(T), mo, false, true);                                                  \
		__atomic_store_n(a, v, __ATOMIC_SEQ_CST);                                            \
		(void)r_;                                                                            \
	}                                                                                            \
	RMW(bits, T, exchange, __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST))                          \
	RMW(bits, T, fetch_add, __atomic_fetch_add(a, v, __ATOMIC_SEQ_CST))                          \
	RMW(bits, T, fetch_sub, __atomic_fetch_sub(a, v, __ATOMIC_SEQ_CST))                          \
	RMW(bits, T, fetch_and, __atomic_fetch_and(a, v, __ATOMIC_SEQ_CST))                          \
	RMW(bits, T, fetch_or, __atomic_fetch_or(a, v, __ATOMIC_SEQ_CST))                            \
	RMW(bits, T, fetch_xor, __atomic_fetch_xor(a, v, __ATOMIC_SEQ_CST))                          \
	RMW(bits, T, fetch_nand, __atomic_fetch_nand(a, v, __ATOMIC_SEQ_CST))                        \
	CAS(bits, T)

#define RMW(bits, T, op, expr)                                                    \
	EXPORT T __tsan_atomic##bits##_##op(volatile T *a, T v, int mo);          \
	EXPORT T __tsan_atomic##bits##_##op(volatile T *a, T v, int mo)           \
	{                                                                         \
		PRE(a, sizeof(T), mo, true, true);                                \
		T old = expr;                                                     \
		POST(a, mo, true, true);                                          \
		return old;                                                       \
	}

#define CAS(bits, T)                                                                                  \
	EXPORT int __tsan_atomic##bits##_compare_exchange_strong(volatile T *a, T *c, T v, int mo, int fmo); \
	EXPORT int __tsan_atomic##bits##_compare_exchange_strong(volatile T *a, T *c, T v, int mo, int fmo)  \
	{                                                                                             \
		PRE(a, sizeof(T), mo, true, true);                                                    \
		bool ok = __atomic_compare_exchange_n(a, c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
		POST(a, ok ? mo : fmo, true, ok);                                                     \
		return ok;                                                                            \
	}                                                                                             \
	EXPORT int __tsan_atomic##bits##_compare_exchange_weak(volatile T *a, T *c, T v, int mo, int fmo);   \
	EXPORT int __tsan_atomic##bits##_compare_exchange_weak(volatile T *a, T *c, T v, int mo, int fmo)    \
	{                                                                                             \
		return __tsan_atomic##bits##_compare_exchange_strong(a, c, v, mo, fmo);              \
	}                                                                                             \
	EXPORT T __tsan_atomic##bits##_compare_exchange_val(volatile T *a, T c, T v, int mo, int fmo);      \
	EXPORT T __tsan_atomic##bits##_compare_exchange_val(volatile T *a, T c, T v, int mo, int fmo)       \
	{                                                                                             \
		PRE(a, sizeof(T), mo, true, true);                                                    \
		bool ok = __atomic_compare_exchange_n(a, &c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
		POST(a, ok ? mo : fmo, true, ok);                                                     \
		return c;                                                                             \
	}

ATOMIC_OPS(8, uint8_t)
ATOMIC_OPS(16, uint16_t)
ATOMIC_OPS(32, uint32_t)
ATOMIC_OPS(64, uint64_t)

/* 128 bits: every operation is a cmpxchg16b loop */
#undef RMW
#define RMW(op, expr)                                                                  \
	EXPORT u128 __tsan_atomic128_##op(volatile u128 *a, u128 v, int mo);           \
	EXPORT u128 __tsan_atomic128_##op(volatile u128 *a, u128 v, int mo)            \
	{                                                                              \
		PRE(a, 16, mo, true, true);                                            \
		u128 old = 0;                                                          \
		while (!cas128(a, &old, (expr)))                                       \
			;                                                              \
		POST(a, mo, true, true);                                               \
		return old;                                                            \
	}
EXPORT u128 __tsan_atomic128_load(const volatile u128 *a, int mo);
EXPORT u128 __tsan_atomic128_load(const volatile u128 *a, int mo)
{
	PRE(a, 16, mo, true, false);
	u128 old = 0;
	cas128((volatile u128 *)a, &old, 0);    /* fails unless 0, and then stores 0: reads either way */
	POST(a, mo, true, false);
	return old;
}
EXPORT void __tsan_atomic128_store(volatile u128 *a, u128 v, int mo);
EXPORT void __tsan_atomic128_store(volatile u128 *a, u128 v, int mo)
{
	PRE(a, 16, mo, false, true);
	u128 old = 0;
	while (!cas128(a, &old, v))
		;
	(void)r_;
}
RMW(exchange, v)
RMW(fetch_add, old + v)
RMW(fetch_sub, old - v)
RMW(fetch_and, old & v)
RMW(fetch_or, old | v)
RMW(fetch_xor, old ^ v)
RMW(fetch_nand, ~(old & v))
EXPORT int __tsan_atomic128_compare_exchange_strong(volatile u128 *a, u128 *c, u128 v, int mo, int fmo);
EXPORT int __tsan_atomic128_compare_exchange_strong(volatile u128 *a, u128 *c, u128 v, int mo, int fmo)
{
	PRE(a, 16, mo, true, true);
	bool ok = cas128(a, c, v);
	POST(a, ok ? mo : fmo, true, ok);
	return ok;
}
EXPORT int __tsan_atomic128_compare_exchange_weak(volatile u128 *a, u128 *c, u128 v, int mo, int fmo);
EXPORT int __tsan_atomic128_compare_exchange_weak(volatile u128 *a, u128 *c, u128 v, int mo, int fmo)
{
	return __tsan_atomic128_compare_exchange_strong(a, c, v, mo, fmo);
}
EXPORT u128 __tsan_atomic128_compare_exchange_val(volatile u128 *a, u128 c, u128 v, int mo, int fmo);
EXPORT u128 __tsan_atomic128_compare_exchange_val(volatile u128 *a, u128 c, u128 v, int mo, int fmo)
{
	__tsan_atomic128_compare_exchange_strong(a, &c, v, mo, fmo);
	return c;
}

EXPORT void __tsan_atomic_thread_fence(int mo);
EXPORT void __tsan_atomic_thread_fence(int mo)
{
	race_fence(race_thread(), mo);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
EXPORT void __tsan_atomic_signal_fence(int mo);
EXPORT void __tsan_atomic_signal_fence(int mo) { __atomic_signal_fence(__ATOMIC_SEQ_CST); }

/* ---- annotations ---- */

static void release_at(uintptr_t a)
{
	struct race_thr *r = race_thread();
	struct hb_sync *s = race_sync(a, true);
	if (s)
		hb_release(r->w, s);
}
static void acquire_at(uintptr_t a)
{
	struct race_thr *r = race_thread();
	struct hb_sync *s = race_sync(a, false);
	if (s)
		hb_acquire(r->w, s);
}

EXPORT void __tsan_acquire(void *a);
EXPORT void __tsan_acquire(void *a) { acquire_at((uintptr_t)a); }
EXPORT void __tsan_release(void *a);
EXPORT void __tsan_release(void *a) { release_at((uintptr_t)a); }
EXPORT void __tsan_ignore_thread_begin(void);
EXPORT void __tsan_ignore_thread_begin(void)
{
	struct race_thr *r = race_thread();
	race_set_ignore(r, r->ignore + 1);
}
EXPORT void __tsan_ignore_thread_end(void);
EXPORT void __tsan_ignore_thread_end(void)
{
	struct race_thr *r = race_thread();
	if (r->ignore > 0)
		race_set_ignore(r, r->ignore - 1);
}

EXPORT void AnnotateHappensBefore(const char *f, int l, const volatile void *a);
EXPORT void AnnotateHappensBefore(const char *f, int l, const volatile void *a) { release_at((uintptr_t)a); }
EXPORT void AnnotateHappensAfter(const char *f, int l, const volatile void *a);
EXPORT void AnnotateHappensAfter(const char *f, int l, const volatile void *a) { acquire_at((uintptr_t)a); }
EXPORT void AnnotateBenignRaceSized(const char *f, int l, const volatile void *a, unsigned long n, const char *d);
EXPORT void AnnotateBenignRaceSized(const char *f, int l, const volatile void *a, unsigned long n, const char *d)
{
	race_benign_add((uintptr_t)a, n);
}
EXPORT void AnnotateBenignRace(const char *f, int l, const volatile void *a, const char *d);
EXPORT void AnnotateBenignRace(const char *f, int l, const volatile void *a, const char *d)
{
	race_benign_add((uintptr_t)a, 1);
}
/* An annotated reader-writer lock: released by every unlock, acquired by every lock (readers are
 * ordered with each other too: coarser than hb.h's rwlock model, never a false positive). */
EXPORT void AnnotateRWLockCreate(const char *f, int l, const volatile void *m);
EXPORT void AnnotateRWLockCreate(const char *f, int l, const volatile void *m) {}
EXPORT void AnnotateRWLockDestroy(const char *f, int l, const volatile void *m);
EXPORT void AnnotateRWLockDestroy(const char *f, int l, const volatile void *m) {}
EXPORT void AnnotateRWLockAcquired(const char *f, int l, const volatile void *m, long w);
EXPORT void AnnotateRWLockAcquired(const char *f, int l, const volatile void *m, long w) { acquire_at((uintptr_t)m); }
EXPORT void AnnotateRWLockReleased(const char *f, int l, const volatile void *m, long w);
EXPORT void AnnotateRWLockReleased(const char *f, int l, const volatile void *m, long w) { release_at((uintptr_t)m); }
EXPORT void AnnotateIgnoreReadsBegin(const char *f, int l);
EXPORT void AnnotateIgnoreReadsBegin(const char *f, int l) { __tsan_ignore_thread_begin(); }
EXPORT void AnnotateIgnoreReadsEnd(const char *f, int l);
EXPORT void AnnotateIgnoreReadsEnd(const char *f, int l) { __tsan_ignore_thread_end(); }
EXPORT void AnnotateIgnoreWritesBegin(const char *f, int l);
EXPORT void AnnotateIgnoreWritesBegin(const char *f, int l) { __tsan_ignore_thread_begin(); }
EXPORT void AnnotateIgnoreWritesEnd(const char *f, int l);
EXPORT void AnnotateIgnoreWritesEnd(const char *f, int l) { __tsan_ignore_thread_end(); }
EXPORT void AnnotateNewMemory(const char *f, int l, const volatile void *a, unsigned long n);
EXPORT void AnnotateNewMemory(const char *f, int l, const volatile void *a, unsigned long n)
{
	shadow_reset((uintptr_t)a, n);
}
EXPORT void AnnotateThreadName(const char *f, int l, const char *name);
EXPORT void AnnotateThreadName(const char *f, int l, const char *name) {}

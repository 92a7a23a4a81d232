/* tsan_access.c - the hot part of the compiler-callback ABI: function entry and exit, and every
 * plain load and store (__tsan_read/write*, unaligned, volatile, read-modify-write).
 *
 * Compiled twice (Makefile): into libweft.so, exported like the rest of the ABI (tsan_iface.c), and
 * with WEFT_ACCESS_STATIC into libweft_access.a, which weft-cc links into every instrumented
 * executable and shared library with hidden visibility so that their calls are direct, not through
 * the PLT (access_abi.h says why and how the copy reaches the runtime's state).
 * Rules: as tsan_iface.c; nothing here may use a runtime symbol that access_abi.h does not list
 * (the copy cannot reach it: `make` checks the copy's undefined symbols).
 */
#include <stdint.h>

#include "access_abi.h"
#include "race.h"

#ifdef WEFT_ACCESS_STATIC
#define EXPORT __attribute__((visibility("hidden")))
#else
#define EXPORT RT_EXPORT
#endif
#define CPC ((uintptr_t)__builtin_return_address(0))

EXPORT void __tsan_func_entry(void *pc);
EXPORT void __tsan_func_exit(void);

EXPORT void __tsan_func_entry(void *pc)
{
	struct race_thr *r = race_thread();
	race_log(r, RACE_EV(RACE_EV_ENTRY, (uintptr_t)pc));   /* before the push: see race_snapshot */
	uint32_t d = r->depth;
	if (likely(d < RACE_STACK_MAX))
		r->stk[d] = (uintptr_t)pc;
	r->depth = d + 1;
}

EXPORT void __tsan_func_exit(void)
{
	struct race_thr *r = race_thread();
	race_log(r, RACE_EV(RACE_EV_EXIT, 0));
	if (likely(r->depth))
		r->depth--;
}

/* ---- plain accesses ---- */
/* The access callbacks are the hot path: no frame pointer of their own (stacks captured inside
 * them are unwound with DWARF, stack.h), everything inlined, no stack frame (race.h), and each
 * starts on a 64-byte boundary: where the fast path happened to cross one, the compute-bound
 * benchmark (bench/race/run mem 4 4096 32768) ran 12% slower. */
#define HOT __attribute__((hot, aligned(64), optimize("omit-frame-pointer")))
#define ACCESS(name, size, flags)                                        \
	EXPORT void name(void *a);                                       \
	EXPORT HOT void name(void *a) { race_access((uintptr_t)a, size, flags, CPC); }
#define SIZES(prefix, flags)                  \
	ACCESS(prefix##1, 1, flags)           \
	ACCESS(prefix##2, 2, flags)           \
	ACCESS(prefix##4, 4, flags)           \
	ACCESS(prefix##8, 8, flags)           \
	ACCESS(prefix##16, 16, flags)
SIZES(__tsan_read, 0)
SIZES(__tsan_write, RACE_W)
SIZES(__tsan_volatile_read, 0)
SIZES(__tsan_volatile_write, RACE_W)
SIZES(__tsan_read_write, RACE_W)          /* a compound read-modify-write: its write covers the read */
ACCESS(__tsan_unaligned_read1, 1, 0)
ACCESS(__tsan_unaligned_write1, 1, RACE_W)
ACCESS(__tsan_unaligned_read2, 2, 0)
ACCESS(__tsan_unaligned_read4, 4, 0)
ACCESS(__tsan_unaligned_read8, 8, 0)
ACCESS(__tsan_unaligned_read16, 16, 0)
ACCESS(__tsan_unaligned_write2, 2, RACE_W)
ACCESS(__tsan_unaligned_write4, 4, RACE_W)
ACCESS(__tsan_unaligned_write8, 8, RACE_W)
ACCESS(__tsan_unaligned_write16, 16, RACE_W)
SIZES(__tsan_unaligned_read_write, RACE_W)


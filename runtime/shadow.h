/* shadow.h - shadow memory of the race detector: one 64-bit cell per 8-byte application granule.
 *
 * Semantics: the user address space (47 bits on x86-64) is cut into 1 GiB regions; each region's
 * shadow (1 GiB of cells: 8 bytes of shadow per 8 application bytes) is reserved with
 * mmap(MAP_NORESERVE) the first time any of its bytes is accessed, so only touched shadow pages
 * cost memory. A top-level table of 2^17 region pointers (1 MiB of zero-initialised .bss: only its
 * touched pages cost memory) makes the lookup one load and one add; regions are installed with
 * compare-and-swap, no lock. A region that cannot be reserved is left unshadowed (accesses there
 * are not checked; one line is printed).
 *
 * Cell contents are defined by race.c (race.h). A zero cell means "no access recorded".
 */
#ifndef WEFT_SHADOW_H
#define WEFT_SHADOW_H

#include <stddef.h>
#include <stdint.h>

#include "rt.h"

#define SHADOW_REGION_BITS 30
#define SHADOW_ADDR_BITS 47
#define SHADOW_NREGIONS (1ul << (SHADOW_ADDR_BITS - SHADOW_REGION_BITS))

extern uint64_t *shadow_top[SHADOW_NREGIONS];
uint64_t *shadow_region_slow(uintptr_t addr);     /* reserve the region of addr; NULL if impossible */
void shadow_init(void);                           /* idempotent; before it, shadow_reset does nothing */

/* Cell of the granule containing addr, or NULL (address outside the shadowed space). */
static inline __attribute__((always_inline)) uint64_t *shadow_cell(uintptr_t addr)
{
	uintptr_t r = addr >> SHADOW_REGION_BITS;
	if (unlikely(r >= SHADOW_NREGIONS))
		return NULL;
	uint64_t *base = __atomic_load_n(&shadow_top[r], __ATOMIC_ACQUIRE);
	if (unlikely(!base) && !(base = shadow_region_slow(addr)))
		return NULL;
	return base + ((addr & ((1ul << SHADOW_REGION_BITS) - 1)) >> 3);
}

/* Shadow pages are faulted in ahead of a thread that walks fresh memory forward, SHADOW_AHEAD pages
 * at a time (see shadow_ahead). */
#define SHADOW_AHEAD 4
void shadow_ahead_slow(uint64_t *base, uint64_t *c);
/* A first access was just installed in cell c of the region whose shadow starts at base: when c
 * starts a group of SHADOW_AHEAD shadow pages and the cell before it is in use (the program walks
 * memory forward), the next group is faulted in. */
static inline void shadow_ahead(uint64_t *base, uint64_t *c)
{
	if (unlikely(((uintptr_t)c & (SHADOW_AHEAD * 4096 - 1)) == 0))
		shadow_ahead_slow(base, c);
}

/* Forget every access to [addr, addr+n) (memory freed, reallocated, unmapped, a new thread's stack).
 * Whole shadow pages are given back to the kernel. Only touches regions that already exist. */
void shadow_reset(uintptr_t addr, size_t n);

#endif

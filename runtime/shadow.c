/* shadow.c - lazily reserved shadow regions (layout in shadow.h). */
#include "shadow.h"

#include "access_abi.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

uint64_t *shadow_top[SHADOW_NREGIONS];
WEFT_LEND(shadow_top)
static volatile int shadow_on;
static volatile int warned;

void shadow_init(void)
{
	__atomic_store_n(&shadow_on, 1, __ATOMIC_RELEASE);
}

uint64_t *shadow_region_slow(uintptr_t addr)
{
	uintptr_t r = addr >> SHADOW_REGION_BITS;
	size_t len = (1ul << SHADOW_REGION_BITS) / 8 * sizeof(uint64_t);
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		if (!__atomic_exchange_n(&warned, 1, __ATOMIC_RELAXED))
			rt_printf("cannot reserve shadow memory: accesses in some regions are not checked\n");
		return NULL;
	}
	uint64_t *expected = NULL;
	if (!__atomic_compare_exchange_n(&shadow_top[r], &expected, (uint64_t *)p, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		munmap(p, len);     /* another thread installed it first */
		return expected;
	}
	return (uint64_t *)p;
}

/* Why: a fresh shadow page is first read by the access check (the kernel maps its shared zero
 * page) and then written (a second fault, copy-on-write from the zero page, and a TLB shootdown
 * that interrupts the program's other threads). A thread filling a large array pays both for every
 * 4 KiB of shadow. Faulting the next SHADOW_AHEAD pages in writable with one
 * madvise(MADV_POPULATE_WRITE) (Linux 5.14) makes them one cheap batch: the memory-heavy benchmark
 * ran 1.35 s -> 0.96 s (bench/race/run, weft-clang). Only when the cell before c is in use (a
 * forward walk), and never past the region's shadow: the cost is at most SHADOW_AHEAD pages of
 * shadow populated past the end of each walk. */
static volatile int ahead_off;   /* the kernel lacks MADV_POPULATE_WRITE */

void shadow_ahead_slow(uint64_t *base, uint64_t *c)
{
	if (ahead_off || c == base || __atomic_load_n(&c[-1], __ATOMIC_RELAXED) == 0)
		return;
	/* the next group of pages, inside the region's shadow */
	char *lo = (char *)c + SHADOW_AHEAD * 4096, *end = (char *)base + ((1ul << SHADOW_REGION_BITS) / 8) * sizeof *base;
	char *hi = lo + SHADOW_AHEAD * 4096 < end ? lo + SHADOW_AHEAD * 4096 : end;
	if (lo >= hi)
		return;
	int e = errno;           /* the program's errno is not ours to change */
	if (madvise(lo, (size_t)(hi - lo), MADV_POPULATE_WRITE) != 0 && errno == EINVAL)
		ahead_off = 1;
	errno = e;
}

/* Zero the cells of [lo, hi) that are not zero already: a page of shadow that was never written
 * reads as the kernel's shared zero page and stays out of the resident set (a memset would make it
 * resident for nothing: the partial pages at the ends of a thread's stack, a fresh malloc block). */
static void clear_cells(uint64_t *lo, uint64_t *hi)
{
	for (uint64_t *c = lo; c < hi; c++)
		if (*c)
			*c = 0;
}

void shadow_reset(uintptr_t addr, size_t n)
{
	if (!__atomic_load_n(&shadow_on, __ATOMIC_ACQUIRE) || n == 0)
		return;
	uintptr_t end = addr + n;
	while (addr < end) {
		uintptr_t r = addr >> SHADOW_REGION_BITS;
		uintptr_t rend = (r + 1) << SHADOW_REGION_BITS;
		uintptr_t stop = end < rend ? end : rend;
		if (r >= SHADOW_NREGIONS)
			return;
		uint64_t *base = __atomic_load_n(&shadow_top[r], __ATOMIC_ACQUIRE);
		if (base) {
			/* partial granules at the ends are reset whole: a block never shares a granule with
			 * another live block of a different owner often enough to matter (malloc aligns 16) */
			uint64_t *lo = base + ((addr & ((1ul << SHADOW_REGION_BITS) - 1)) >> 3);
			uint64_t *hi = base + (((stop - 1) & ((1ul << SHADOW_REGION_BITS) - 1)) >> 3) + 1;
			size_t bytes = (size_t)((char *)hi - (char *)lo);
			if (bytes >= 4 * 4096) {
				uintptr_t plo = ((uintptr_t)lo + 4095) & ~4095ul, phi = (uintptr_t)hi & ~4095ul;
				clear_cells(lo, (uint64_t *)plo);
				madvise((void *)plo, phi - plo, MADV_DONTNEED);
				clear_cells((uint64_t *)phi, hi);
			} else {
				clear_cells(lo, hi);
			}
		}
		addr = stop;
	}
}

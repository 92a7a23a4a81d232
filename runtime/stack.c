/* stack.c - stack capture with libunwind's unw_step loop and the depot that interns stacks into
 * 32-bit ids. */
#include "stack.h"

#include <errno.h>
#include <string.h>

#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include "rt.h"

/* Depot: records in one reserved arena, an open-addressing index of ids. 64 MiB of records holds
 * about 500,000 distinct 14-frame stacks; a program needing more gets one line and no new stacks. */
#define ARENA_SIZE (64u << 20)
#define IDX_BITS 20
#define IDX_SIZE (1u << IDX_BITS)

struct rec {
	uint32_t hash;
	uint32_t n;
	uintptr_t pcs[];
};

static char *arena;
static size_t arena_used = 8; /* id 0 means "no stack" */
static uint32_t *idx;
static rt_spin depot_lock;
static int depot_full;

static uint32_t hash_pcs(const uintptr_t *pcs, unsigned n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ n;
	for (unsigned i = 0; i < n; i++)
		h = (h ^ pcs[i]) * 0x100000001b3ull;
	return (uint32_t)(h ^ (h >> 32));
}

static struct rec *rec_at(uint32_t id) { return (struct rec *)(arena + (size_t)id * 8); }

static bool rec_eq(const struct rec *r, uint32_t h, const uintptr_t *pcs, unsigned n)
{
	return r->hash == h && r->n == n && memcmp(r->pcs, pcs, n * sizeof *pcs) == 0;
}

uint32_t stack_intern(const uintptr_t *pcs, unsigned n)
{
	if (n == 0)
		return 0;
	if (unlikely(!arena)) {
		rt_spin_lock(&depot_lock);
		if (!arena) {
			idx = rt_mmap(IDX_SIZE * sizeof *idx);
			char *a = rt_mmap(ARENA_SIZE);
			RT_CHECK(a && idx, 0, 0);
			__atomic_store_n(&arena, a, __ATOMIC_RELEASE);
		}
		rt_spin_unlock(&depot_lock);
	}
	uint32_t h = hash_pcs(pcs, n);
	unsigned i = h & (IDX_SIZE - 1);
	/* lock-free probe for an existing record */
	for (;; i = (i + 1) & (IDX_SIZE - 1)) {
		uint32_t id = __atomic_load_n(&idx[i], __ATOMIC_ACQUIRE);
		if (id == 0)
			break;
		if (rec_eq(rec_at(id), h, pcs, n))
			return id;
	}
	rt_spin_lock(&depot_lock);
	for (;; i = (i + 1) & (IDX_SIZE - 1)) {
		uint32_t id = idx[i];
		if (id == 0)
			break;
		if (rec_eq(rec_at(id), h, pcs, n)) {
			rt_spin_unlock(&depot_lock);
			return id;
		}
	}
	size_t need = (sizeof(struct rec) + n * sizeof *pcs + 7) & ~(size_t)7;
	if (depot_full || arena_used + need > ARENA_SIZE || arena_used / 8 >= IDX_SIZE / 4 * 3) {
		if (!depot_full)
			rt_printf("stack depot full: further stacks are not recorded\n");
		depot_full = 1;
		rt_spin_unlock(&depot_lock);
		return 0;
	}
	uint32_t id = (uint32_t)(arena_used / 8);
	struct rec *r = rec_at(id);
	r->hash = h;
	r->n = n;
	memcpy(r->pcs, pcs, n * sizeof *pcs);
	arena_used += need;
	__atomic_store_n(&idx[i], id, __ATOMIC_RELEASE);
	rt_spin_unlock(&depot_lock);
	return id;
}

unsigned stack_get(uint32_t id, const uintptr_t **pcs)
{
	if (id == 0 || !arena) {
		*pcs = NULL;
		return 0;
	}
	struct rec *r = rec_at(id);
	*pcs = r->pcs;
	return r->n;
}

static inline bool own(uintptr_t pc) { return pc >= rt_self_lo && pc < rt_self_hi; }

unsigned stack_strip_own(uintptr_t *pcs, unsigned n, bool from_signal)
{
	unsigned i = 0, k = 0;
	while (i < n && own(pcs[i]))
		i++;
	if (from_signal) {
		/* signal frame and the C library's blocking internals, then the interceptor */
		unsigned j = i;
		while (j < n && !own(pcs[j]))
			j++;
		if (j < n) {
			i = j;
			while (i < n && own(pcs[i]))
				i++;
		}
	}
	/* weft's frames further out (thread start trampolines, main's wrapper) go too */
	for (; i < n; i++)
		if (!own(pcs[i]))
			pcs[k++] = pcs[i];
	return k;
}

bool stack_off;

uint32_t stack_capture_ex(bool from_signal) { return stack_capture_at(from_signal, 0); }

/* the section of RT_STACK_BOTTOM functions (rt.h), bounds from the linker (weak: 0 in unit tests
 * linked without the interceptors) */
extern const char __start_weft_stack_bottom[] __attribute__((weak, visibility("hidden")));
extern const char __stop_weft_stack_bottom[] __attribute__((weak, visibility("hidden")));

uint32_t stack_capture_at(bool from_signal, uintptr_t caller_pc)
{
	if (stack_off)
		return 0;
	uintptr_t pcs[STACK_MAX_FRAMES];
	int e = errno; /* callers on hot paths rely on errno staying as it was */
	rt_guard++;
	/* unw_step, not unw_backtrace: the latter's fast path keeps a 256 KiB trace cache per thread
	 * that ever captures (fully touched: a program of 1,000 threads would carry 250 MiB of them);
	 * the step loop costs 2-6 us a capture, and captures are rare events here */
	int n = 0;
	unw_context_t uc;
	unw_cursor_t cur;
	if (unw_getcontext(&uc) == 0 && unw_init_local(&cur, &uc) == 0) {
		do {
			unw_word_t ip;
			if (unw_get_reg(&cur, UNW_REG_IP, &ip) < 0 || ip == 0)
				break;
			pcs[n++] = (uintptr_t)ip;
			/* main's wrapper or a thread trampoline: what lies below is the C library's
			 * start-up, noise in a report, and unwinding it reads libc's unwind tables
			 * (pages of the program's memory for nothing) */
			if (ip >= (uintptr_t)__start_weft_stack_bottom && ip < (uintptr_t)__stop_weft_stack_bottom)
				break;
		} while (n < STACK_MAX_FRAMES && unw_step(&cur) > 0);
	}
	rt_guard--;
	unsigned k = n > 0 ? stack_strip_own(pcs, (unsigned)n, from_signal) : 0, from = 0;
	/* frames of weft's code outside libweft.so (the access callbacks weft-cc links into each
	 * module) above the caller's frame */
	for (unsigned i = 0; caller_pc && i < k && i < 4; i++)
		if (pcs[i] == caller_pc) {
			from = i;
			break;
		}
	uint32_t id = k > from ? stack_intern(pcs + from, k - from) : 0;
	errno = e;
	return id;
}

uint32_t stack_capture(void) { return stack_capture_ex(false); }

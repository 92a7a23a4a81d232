/* race_alloc.c - interceptors for the C allocator and for libc's memory and string copies.
 *
 * Rules: while no instrumented code runs in the process (race_active == 0: __tsan_init was never
 * called) every interceptor is one test and one indirect call to the real function, so the
 * preload-only runtime keeps native speed. Once race detection is on:
 *  - malloc & co record the block (size, allocation stack from the shadow call stack, thread) in a
 *    side table and start it with clean shadow; free is a write to the block (use-after-free
 *    races), forgets the block and its atomic sync clocks; malloc resets the shadow again, so a
 *    reused block never races with its previous life;
 *  - memcpy, memmove, memset and the str* functions are range reads/writes of what they touch.
 * The real functions come from dlsym(RTLD_NEXT); dlsym itself may call calloc/malloc, which are then
 * served from a static buffer (never freed) on the resolving thread.
 */
#include <dlfcn.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "race.h"
#include "stack.h"

#define ALLOC_FUNCTIONS(X)                                                \
	X(void *, malloc, (size_t))                                      \
	X(void, free, (void *))                                          \
	X(void *, calloc, (size_t, size_t))                              \
	X(void *, realloc, (void *, size_t))                             \
	X(int, posix_memalign, (void **, size_t, size_t))                \
	X(void *, aligned_alloc, (size_t, size_t))                       \
	X(void *, memalign, (size_t, size_t))                            \
	X(void *, valloc, (size_t))                                      \
	X(void *, pvalloc, (size_t))                                     \
	X(void *, memcpy, (void *, const void *, size_t))                \
	X(void *, memmove, (void *, const void *, size_t))               \
	X(void *, memset, (void *, int, size_t))                         \
	X(char *, strcpy, (char *, const char *))                        \
	X(char *, strncpy, (char *, const char *, size_t))               \
	X(char *, strcat, (char *, const char *))                        \
	X(size_t, strlen, (const char *))                                \
	X(int, memcmp, (const void *, const void *, size_t))             \
	X(int, bcmp, (const void *, const void *, size_t))               \
	X(int, strcmp, (const char *, const char *))                     \
	X(int, strncmp, (const char *, const char *, size_t))            \
	X(char *, strchr, (const char *, int))                           \
	X(char *, strrchr, (const char *, int))                          \
	X(size_t, strnlen, (const char *, size_t))                       \
	X(void *, memchr, (const void *, int, size_t))                   \
	X(char *, strdup, (const char *))                                \
	X(char *, strndup, (const char *, size_t))                       \
	X(void *, mmap, (void *, size_t, int, int, int, off_t))          \
	X(int, munmap, (void *, size_t))

static struct {
#define X(ret, name, params) ret(*name) params;
	ALLOC_FUNCTIONS(X)
#undef X
} ra;
static volatile int ra_resolved;
static RT_TLS int ra_resolving;

/* early allocations (dlsym's own), never freed */
static char early[64 * 1024] __attribute__((aligned(64)));
static size_t early_used;
static bool is_early(const void *p) { return (const char *)p >= early && (const char *)p < early + sizeof early; }
static void *early_alloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	size_t off = __atomic_fetch_add(&early_used, n, __ATOMIC_RELAXED);
	if (off + n > sizeof early)
		return NULL;
	return early + off;   /* static storage is zero */
}

static void ra_resolve(void)
{
	ra_resolving++;
#define X(ret, name, params) ra.name = (ret(*) params)dlsym(RTLD_NEXT, #name);
	ALLOC_FUNCTIONS(X)
#undef X
	ra_resolving--;
	if (!ra.malloc || !ra.free || !ra.memcpy || !ra.memset || !ra.memmove) {
		static const char msg[] = "weft: cannot find the real malloc/memcpy\n";
		rt_write(2, msg, sizeof msg - 1);
		__builtin_trap();
	}
	__atomic_store_n(&ra_resolved, 1, __ATOMIC_RELEASE);
}
#define RA(name) (likely(ra_resolved) ? ra.name : (ra_resolve(), ra.name))

/* True when this call should be modelled. */
#define PC ((uintptr_t)__builtin_return_address(0))
/* C++: libstdc++'s operator new and delete call malloc and free, whose caller is then libstdc++
 * itself, which is not instrumented: the allocation stack (pc + the shadow call stack) would skip
 * the function that said `new`. The wrappers of operator new/delete below note their own caller
 * (alloc_caller); the malloc or free they cause takes it as its pc (strdup and strndup too). */
static RT_TLS uintptr_t alloc_caller;
/* (calls made by the runtime itself, e.g. vector clocks growing, are not the program's accesses;
 * those made by the real operator new/delete on behalf of a wrapper are: libstdc++'s operator
 * delete tail-calls free, whose caller then seems to be the wrapper, inside libweft) */
#define active() (unlikely(race_active) && rt_guard == 0 && (alloc_caller || PC < rt_self_lo || PC >= rt_self_hi))

/* ---- heap blocks ---- */

#define HEAP_SLOTS (1u << 20)
#define HEAP_PROBES 64
#define TOMB ((uintptr_t)1)
static struct race_block *heap;     /* HEAP_SLOTS, NORESERVE */
static rt_spin heap_init_lock;
static volatile int heap_full_warned;

static inline uint32_t bhash(uintptr_t p) { return (uint32_t)(((p >> 4) * 0x9e3779b97f4a7c15ull) >> 44); }

static uint32_t alloc_stack(uintptr_t pc)
{
	struct race_thr *r = race_thread();
	uintptr_t pcs[STACK_MAX_FRAMES];
	unsigned n = 0;
	pcs[n++] = pc;
	uint32_t d = r->depth < RACE_STACK_MAX ? r->depth : RACE_STACK_MAX;
	while (d && n < STACK_MAX_FRAMES)
		pcs[n++] = r->stk[--d];
	return stack_intern(pcs, stack_strip_own(pcs, n, false));   /* main's and threads' wrappers */
}

static void block_new(void *p, size_t n, uintptr_t pc)
{
	if (!p)
		return;
	rt_guard++;
	shadow_reset((uintptr_t)p, n);
	if (unlikely(!heap)) {
		rt_spin_lock(&heap_init_lock);
		if (!heap)
			__atomic_store_n(&heap, rt_mmap(HEAP_SLOTS * sizeof *heap), __ATOMIC_RELEASE);
		rt_spin_unlock(&heap_init_lock);
	}
	rt_guard--;
	if (!heap)
		return;
	uint32_t stack = alloc_stack(pc);
	uint32_t h = bhash((uintptr_t)p);
	for (uint32_t i = 0; i < HEAP_PROBES; i++) {
		struct race_block *b = &heap[(h + i) & (HEAP_SLOTS - 1)];
		uintptr_t cur = __atomic_load_n(&b->base, __ATOMIC_RELAXED);
		if (cur > TOMB)
			continue;
		if (__atomic_compare_exchange_n(&b->base, &cur, (uintptr_t)p, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
			b->size = n;
			b->stack = stack;
			b->thread = (int)race_thread()->tid;
			return;
		}
	}
	if (!__atomic_exchange_n(&heap_full_warned, 1, __ATOMIC_RELAXED))
		rt_printf("heap block table full: some races on heap memory will not name their block\n");
}

/* The last FREED_RING freed blocks, so that a use-after-free race names its block. */
#define FREED_RING 1024
static struct race_block freed_ring[FREED_RING];
static volatile unsigned freed_pos;

/* Forget block p; returns its size (0 when unknown). */
static size_t block_free(void *p)
{
	if (!heap || !p)
		return 0;
	uint32_t h = bhash((uintptr_t)p);
	for (uint32_t i = 0; i < HEAP_PROBES; i++) {
		struct race_block *b = &heap[(h + i) & (HEAP_SLOTS - 1)];
		uintptr_t cur = __atomic_load_n(&b->base, __ATOMIC_ACQUIRE);
		if (cur == 0)
			return 0;
		if (cur == (uintptr_t)p) {
			size_t n = b->size;
			struct race_block *f = &freed_ring[__atomic_fetch_add(&freed_pos, 1, __ATOMIC_RELAXED) % FREED_RING];
			__atomic_store_n(&f->base, 0, __ATOMIC_RELAXED);
			f->size = n;
			f->stack = b->stack;
			f->thread = b->thread;
			f->freed = true;
			__atomic_store_n(&f->base, cur, __ATOMIC_RELEASE);
			__atomic_store_n(&b->base, TOMB, __ATOMIC_RELEASE);
			return n;
		}
	}
	return 0;
}

bool race_heap_find(uintptr_t addr, struct race_block *out)
{
	if (!heap)
		return false;
	for (uint32_t i = 0; i < HEAP_SLOTS; i++) {
		struct race_block *b = &heap[i];
		uintptr_t base = __atomic_load_n(&b->base, __ATOMIC_ACQUIRE);
		if (base > TOMB && addr >= base && addr < base + (b->size ? b->size : 1)) {
			*out = *b;
			out->base = base;
			out->freed = false;
			return true;
		}
	}
	/* the most recently freed block holding addr */
	unsigned pos = __atomic_load_n(&freed_pos, __ATOMIC_RELAXED);
	for (unsigned k = 0; k < FREED_RING && k < pos; k++) {
		struct race_block *f = &freed_ring[(pos - 1 - k) % FREED_RING];
		uintptr_t base = __atomic_load_n(&f->base, __ATOMIC_ACQUIRE);
		if (base && addr >= base && addr < base + (f->size ? f->size : 1)) {
			*out = *f;
			out->base = base;
			return true;
		}
	}
	return false;
}

/* ---- allocator ---- */

static inline uintptr_t caller_of(uintptr_t pc)
{
	uintptr_t c = alloc_caller;
	if (unlikely(c)) {
		alloc_caller = 0;
		return c;
	}
	return pc;
}
#define CALLER caller_of(PC)

RT_EXPORT void *malloc(size_t n)
{
	if (unlikely(ra_resolving))
		return early_alloc(n);
	void *p = RA(malloc)(n);
	if (active())
		block_new(p, n, CALLER);
	return p;
}

RT_EXPORT void *calloc(size_t a, size_t b)
{
	if (unlikely(ra_resolving) || unlikely(!ra_resolved && (ra_resolve(), !ra.calloc)))
		return early_alloc(a * b);
	void *p = ra.calloc(a, b);
	if (active())
		block_new(p, a * b, CALLER);
	return p;
}

/* Freeing is a write to the whole block (a use-after-free race): the first FREE_CHECKED bytes are
 * checked against earlier accesses and keep the free as their last write, so that an access by a
 * thread not ordered after the free is reported; the rest of the shadow is forgotten (checking a
 * large block costs as much as writing it, and racy accesses cluster near the start of blocks;
 * ThreadSanitizer draws the same line, lower). malloc resets the shadow when the memory is given
 * out again, so the free never races with the memory's next life. Atomic locations in the block
 * lose their sync clocks. */
#define FREE_CHECKED 4096
static void freed(void *p, size_t n, uintptr_t pc)
{
	size_t k = n < FREE_CHECKED ? n : FREE_CHECKED;
	race_access_range(race_thread(), (uintptr_t)p, k, RACE_W, pc);
	if (n > k)
		shadow_reset((uintptr_t)p + k, n - k);
	race_sync_forget((uintptr_t)p, n);
}

RT_EXPORT void free(void *p)
{
	if (unlikely(is_early(p)))
		return;
	if (active() && p) {
		size_t n = block_free(p);
		if (n)
			freed(p, n, CALLER);
	}
	RA(free)(p);
}

/* operator new and delete, every variant (plain, array, nothrow, aligned, sized): the real one
 * (libstdc++'s, or whatever the program links) from dlsym(RTLD_NEXT) on first use; an exception it
 * throws passes through (this file has unwind tables). */
static void *cxx_real(void **slot, const char *name)
{
	void *f = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
	if (unlikely(!f)) {
		f = dlsym(RTLD_NEXT, name);
		if (!f) {
			rt_printf("cannot find the real %s\n", name);
			abort();
		}
		__atomic_store_n(slot, f, __ATOMIC_RELEASE);
	}
	return f;
}
#define CXX_NEW(name, params, args)                                                     \
	RT_EXPORT void *name params;                                                    \
	RT_EXPORT void *name params                                                     \
	{                                                                               \
		static void *real;                                                      \
		void *(*f) params = (void *(*) params)cxx_real(&real, #name);           \
		if (unlikely(race_active))                                              \
			alloc_caller = PC;                                                \
		void *p = f args;                                                       \
		alloc_caller = 0;                                                         \
		return p;                                                               \
	}
#define CXX_DELETE(name, params, args)                                                  \
	RT_EXPORT void name params;                                                     \
	RT_EXPORT void name params                                                      \
	{                                                                               \
		static void *real;                                                      \
		void (*f) params = (void (*) params)cxx_real(&real, #name);             \
		if (unlikely(race_active))                                              \
			alloc_caller = PC;                                                \
		f args;                                                                 \
		alloc_caller = 0;                                                         \
	}
typedef const void *nothrow_ref;   /* const std::nothrow_t & */
CXX_NEW(_Znwm, (size_t n), (n))
CXX_NEW(_Znam, (size_t n), (n))
CXX_NEW(_ZnwmRKSt9nothrow_t, (size_t n, nothrow_ref t), (n, t))
CXX_NEW(_ZnamRKSt9nothrow_t, (size_t n, nothrow_ref t), (n, t))
CXX_NEW(_ZnwmSt11align_val_t, (size_t n, size_t al), (n, al))
CXX_NEW(_ZnamSt11align_val_t, (size_t n, size_t al), (n, al))
CXX_NEW(_ZnwmSt11align_val_tRKSt9nothrow_t, (size_t n, size_t al, nothrow_ref t), (n, al, t))
CXX_NEW(_ZnamSt11align_val_tRKSt9nothrow_t, (size_t n, size_t al, nothrow_ref t), (n, al, t))
CXX_DELETE(_ZdlPv, (void *p), (p))
CXX_DELETE(_ZdaPv, (void *p), (p))
CXX_DELETE(_ZdlPvm, (void *p, size_t n), (p, n))
CXX_DELETE(_ZdaPvm, (void *p, size_t n), (p, n))
CXX_DELETE(_ZdlPvSt11align_val_t, (void *p, size_t al), (p, al))
CXX_DELETE(_ZdaPvSt11align_val_t, (void *p, size_t al), (p, al))
CXX_DELETE(_ZdlPvmSt11align_val_t, (void *p, size_t n, size_t al), (p, n, al))
CXX_DELETE(_ZdaPvmSt11align_val_t, (void *p, size_t n, size_t al), (p, n, al))

RT_EXPORT void *realloc(void *p, size_t n)
{
	if (unlikely(is_early(p))) {
		void *q = malloc(n);
		if (q)
			RA(memcpy)(q, p, n);
		return q;
	}
	if (unlikely(ra_resolving))
		return early_alloc(n);
	if (!active())
		return RA(realloc)(p, n);
	size_t old = block_free(p);
	void *q = RA(realloc)(p, n);
	if (q) {
		if (q != p && old)
			freed(p, old, CALLER);     /* the old block is read (copied) and freed */
		block_new(q, n, CALLER);
	}
	return q;
}

RT_EXPORT int posix_memalign(void **out, size_t al, size_t n)
{
	int e = RA(posix_memalign)(out, al, n);
	if (e == 0 && active())
		block_new(*out, n, CALLER);
	return e;
}

#define ALIGNED(name, params, args, size)             \
	RT_EXPORT void *name params                   \
	{                                             \
		void *p = RA(name) args;              \
		if (active())                         \
			block_new(p, size, CALLER);   \
		return p;                             \
	}
ALIGNED(aligned_alloc, (size_t al, size_t n), (al, n), n)
ALIGNED(memalign, (size_t al, size_t n), (al, n), n)
ALIGNED(valloc, (size_t n), (n), n)
ALIGNED(pvalloc, (size_t n), (n), n)

RT_EXPORT void *mmap(void *a, size_t n, int prot, int flags, int fd, off_t off)
{
	void *p = RA(mmap)(a, n, prot, flags, fd, off);
	if (active() && p != MAP_FAILED) {
		shadow_reset((uintptr_t)p, n);
		race_sync_forget((uintptr_t)p, n);
	}
	return p;
}

RT_EXPORT int munmap(void *a, size_t n)
{
	if (active()) {
		shadow_reset((uintptr_t)a, n);
		race_sync_forget((uintptr_t)a, n);
	}
	return RA(munmap)(a, n);
}

/* ---- memory and string functions ---- */

static inline void rd(const void *p, size_t n, uintptr_t pc)
{
	if (n)
		race_access_range(race_thread(), (uintptr_t)p, n, 0, pc);
}
static inline void wr(const void *p, size_t n, uintptr_t pc)
{
	if (n)
		race_access_range(race_thread(), (uintptr_t)p, n, RACE_W, pc);
}

/* Before the real functions are known (inside dlsym): plain byte loops the compiler must not turn
 * back into calls. */
static void *slow_copy(void *d, const void *s, size_t n)
{
	volatile unsigned char *dd = d;
	const volatile unsigned char *ss = s;
	if (dd < ss)
		for (size_t i = 0; i < n; i++)
			dd[i] = ss[i];
	else
		for (size_t i = n; i-- > 0;)
			dd[i] = ss[i];
	return d;
}

RT_EXPORT void *memcpy(void *d, const void *s, size_t n)
{
	if (unlikely(!ra_resolved) && ra_resolving)
		return slow_copy(d, s, n);
	if (active()) {
		rd(s, n, PC);
		wr(d, n, PC);
	}
	return RA(memcpy)(d, s, n);
}

RT_EXPORT void *memmove(void *d, const void *s, size_t n)
{
	if (unlikely(!ra_resolved) && ra_resolving)
		return slow_copy(d, s, n);
	if (active()) {
		rd(s, n, PC);
		wr(d, n, PC);
	}
	return RA(memmove)(d, s, n);
}

RT_EXPORT void *memset(void *d, int c, size_t n)
{
	if (unlikely(!ra_resolved) && ra_resolving) {
		volatile unsigned char *dd = d;
		for (size_t i = 0; i < n; i++)
			dd[i] = (unsigned char)c;
		return d;
	}
	if (active())
		wr(d, n, PC);
	return RA(memset)(d, c, n);
}

RT_EXPORT size_t strlen(const char *s)
{
	if (unlikely(!ra_resolved) && ra_resolving) {
		size_t n = 0;
		while (((const volatile char *)s)[n])
			n++;
		return n;
	}
	size_t n = RA(strlen)(s);
	if (active())
		rd(s, n + 1, PC);
	return n;
}

RT_EXPORT char *strcpy(char *d, const char *s)
{
	if (active()) {
		size_t n = RA(strlen)(s) + 1;
		rd(s, n, PC);
		wr(d, n, PC);
	}
	return RA(strcpy)(d, s);
}

RT_EXPORT char *strncpy(char *d, const char *s, size_t n)
{
	if (active()) {
		size_t m = RA(strnlen)(s, n);
		rd(s, m < n ? m + 1 : n, PC);
		wr(d, n, PC);
	}
	return RA(strncpy)(d, s, n);
}

RT_EXPORT char *strcat(char *d, const char *s)
{
	if (active()) {
		size_t dl = RA(strlen)(d), sl = RA(strlen)(s) + 1;
		rd(d, dl, PC);
		rd(s, sl, PC);
		wr(d + dl, sl, PC);
	}
	return RA(strcat)(d, s);
}

/* The comparisons and searches read what they look at: up to the first difference, the character
 * found, or the terminating NUL. (While dlsym resolves the real functions, plain loops stand in.) */
static size_t common_prefix(const char *a, const char *b, size_t max)
{
	size_t i = 0;
	while (i < max && a[i] && a[i] == b[i])
		i++;
	return i;
}
static size_t bounded_len(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && ((const volatile char *)s)[n])
		n++;
	return n;
}
#define RESOLVING (unlikely(!ra_resolved) && ra_resolving)

RT_EXPORT int strcmp(const char *a, const char *b)
{
	if (RESOLVING) {
		size_t i = common_prefix(a, b, SIZE_MAX);
		return (unsigned char)a[i] - (unsigned char)b[i];
	}
	if (active()) {
		size_t i = common_prefix(a, b, SIZE_MAX) + 1;
		rd(a, i, PC);
		rd(b, i, PC);
	}
	return RA(strcmp)(a, b);
}

RT_EXPORT int strncmp(const char *a, const char *b, size_t n)
{
	if (RESOLVING) {
		size_t i = common_prefix(a, b, n);
		return i == n ? 0 : (unsigned char)a[i] - (unsigned char)b[i];
	}
	if (active()) {
		size_t i = common_prefix(a, b, n);
		i = i < n ? i + 1 : n;
		rd(a, i, PC);
		rd(b, i, PC);
	}
	return RA(strncmp)(a, b, n);
}

RT_EXPORT char *strchr(const char *s, int c)
{
	if (RESOLVING) {
		for (;; s++) {
			if (*s == (char)c)
				return (char *)s;
			if (!*s)
				return NULL;
		}
	}
	char *r = RA(strchr)(s, c);
	if (active())
		rd(s, r ? (size_t)(r - s) + 1 : RA(strlen)(s) + 1, PC);
	return r;
}

RT_EXPORT char *strrchr(const char *s, int c)
{
	if (RESOLVING) {
		const char *last = NULL;
		for (;; s++) {
			if (*s == (char)c)
				last = s;
			if (!*s)
				return (char *)last;
		}
	}
	char *r = RA(strrchr)(s, c);
	if (active())
		rd(s, RA(strlen)(s) + 1, PC);
	return r;
}

RT_EXPORT size_t strnlen(const char *s, size_t n)
{
	if (RESOLVING)
		return bounded_len(s, n);
	size_t m = RA(strnlen)(s, n);
	if (active())
		rd(s, m < n ? m + 1 : n, PC);
	return m;
}

RT_EXPORT void *memchr(const void *s, int c, size_t n)
{
	if (RESOLVING) {
		const unsigned char *p = s;
		for (size_t i = 0; i < n; i++)
			if (p[i] == (unsigned char)c)
				return (void *)(p + i);
		return NULL;
	}
	void *r = RA(memchr)(s, c, n);
	if (active())
		rd(s, r ? (size_t)((const char *)r - (const char *)s) + 1 : n, PC);
	return r;
}

RT_EXPORT char *strdup(const char *s)
{
	if (RESOLVING) {
		size_t n = bounded_len(s, SIZE_MAX) + 1;
		char *d = early_alloc(n);
		return d ? slow_copy(d, s, n) : NULL;
	}
	if (active()) {
		rd(s, RA(strlen)(s) + 1, PC);
		alloc_caller = PC;            /* the block it allocates was asked for here */
	}
	char *d = RA(strdup)(s);
	alloc_caller = 0;
	return d;
}

RT_EXPORT char *strndup(const char *s, size_t n)
{
	if (RESOLVING) {
		size_t m = bounded_len(s, n);
		char *d = early_alloc(m + 1);
		if (d)
			slow_copy(d, s, m);
		return d;
	}
	if (active()) {
		size_t m = RA(strnlen)(s, n);
		rd(s, m < n ? m + 1 : n, PC);
		alloc_caller = PC;
	}
	char *d = RA(strndup)(s, n);
	alloc_caller = 0;
	return d;
}

RT_EXPORT int memcmp(const void *a, const void *b, size_t n)
{
	if (active()) {
		rd(a, n, PC);
		rd(b, n, PC);
	}
	return RA(memcmp)(a, b, n);
}

/* clang turns `strcmp(s, "literal") == 0` and `memcmp(...) == 0` into bcmp */
RT_EXPORT int bcmp(const void *a, const void *b, size_t n)
{
	if (active()) {
		rd(a, n, PC);
		rd(b, n, PC);
	}
	return RA(bcmp)(a, b, n);
}

/* rt_base.c - the few libc-free helpers the runtime may use anywhere: spinlock, raw logging,
 * checks, the internal allocator and option parsing. Nothing here calls an intercepted function. */
#include "rt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct rt_options rt_opt = {
#define OPT_INT(name, def, help) .name = def,
#define OPT_STR(name, def, help) .name = def,
#include "options.def"
#undef OPT_INT
#undef OPT_STR
};

void rt_spin_lock(rt_spin *s)
{
	for (unsigned n = 0;; n++) {
		if (!__atomic_load_n(&s->v, __ATOMIC_RELAXED) && rt_spin_trylock(s))
			return;
		if (n < 64)
			__builtin_ia32_pause();
		else
			usleep(50); /* a holder was descheduled; do not burn the other core */
	}
}

void rt_write(int fd, const char *s, size_t n)
{
	int e = errno;
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		s += w;
		n -= (size_t)w;
	}
	errno = e;
}

/* vsnprintf into a stack buffer does not allocate for the formats used here (no %ls, no locale). */
void rt_printf(const char *fmt, ...)
{
	char buf[1024];
	int n = snprintf(buf, sizeof buf, "==%d== weft: ", (int)getpid());
	va_list ap;
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 1)
		n = sizeof buf - 1;
	rt_write(2, buf, (size_t)n);
}

void rt_die(const char *file, int line, const char *msg, long a, long b)
{
	rt_printf("internal error at %s:%d: check failed: %s (%ld, %ld)\n", file, line, msg, a, b);
	abort();
}

/* ---- allocator ----
 * Size classes are powers of two from 16 bytes to 64 KiB, each with a free list; larger blocks are
 * mapped directly. Memory comes from 4 MiB mmap chunks carved by a bump pointer. One spinlock: the
 * allocator serves rare events (new lock, new thread, clock growth), never per-operation work. */
#define ALLOC_MIN_SHIFT 4
#define ALLOC_MAX_SHIFT 16
#define ALLOC_CHUNK (4u << 20)

static rt_spin alloc_lock;
static void *free_lists[ALLOC_MAX_SHIFT + 1];
static char *bump, *bump_end;

void *rt_mmap(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static unsigned size_class(size_t n)
{
	unsigned c = ALLOC_MIN_SHIFT;
	while (((size_t)1 << c) < n)
		c++;
	return c;
}

void *rt_alloc(size_t n)
{
	if (n == 0)
		n = 1;
	unsigned c = size_class(n);
	if (c > ALLOC_MAX_SHIFT) {
		void *p = rt_mmap(n);
		RT_CHECK(p != NULL, n, errno);
		return p;
	}
	size_t sz = (size_t)1 << c;
	rt_spin_lock(&alloc_lock);
	void *p = free_lists[c];
	if (p) {
		free_lists[c] = *(void **)p;
		rt_spin_unlock(&alloc_lock);
		memset(p, 0, sz);
		return p;
	}
	/* blocks of 64 bytes and more start on a cache line of their own: runtime objects written by
	 * different threads (clocks, lock records) must not share lines */
	size_t align = sz < 64 ? sz : 64;
	if (bump)
		bump = (char *)(((uintptr_t)bump + align - 1) & ~(uintptr_t)(align - 1));
	if (bump == NULL || bump >= bump_end || (size_t)(bump_end - bump) < sz) {
		char *chunk = rt_mmap(ALLOC_CHUNK);
		RT_CHECK(chunk != NULL, ALLOC_CHUNK, errno);
		bump = chunk;
		bump_end = chunk + ALLOC_CHUNK;
	}
	p = bump;
	bump += sz;
	rt_spin_unlock(&alloc_lock);
	return p; /* fresh mmap memory is zero */
}

void rt_free(void *p, size_t n)
{
	if (!p)
		return;
	if (n == 0)
		n = 1;
	unsigned c = size_class(n);
	if (c > ALLOC_MAX_SHIFT) {
		munmap(p, n);
		return;
	}
	rt_spin_lock(&alloc_lock);
	*(void **)p = free_lists[c];
	free_lists[c] = p;
	rt_spin_unlock(&alloc_lock);
}

/* ---- options ---- */
static const char *opt_dup(const char *s, size_t n)
{
	char *d = rt_alloc(n + 1);
	memcpy(d, s, n);
	return d;
}

static void opt_set(const char *name, size_t nlen, const char *val, size_t vlen)
{
#define OPT_INT(oname, def, help)                                                        \
	if (nlen == sizeof(#oname) - 1 && memcmp(name, #oname, nlen) == 0) {             \
		char tmp[32], *end;                                                      \
		if (vlen == 0 || vlen >= sizeof tmp)                                     \
			goto bad;                                                        \
		memcpy(tmp, val, vlen);                                                  \
		tmp[vlen] = 0;                                                           \
		long v = strtol(tmp, &end, 10);                                          \
		if (*end)                                                                \
			goto bad;                                                        \
		rt_opt.oname = v;                                                        \
		return;                                                                  \
	}
#define OPT_STR(oname, def, help)                                                        \
	if (nlen == sizeof(#oname) - 1 && memcmp(name, #oname, nlen) == 0) {             \
		rt_opt.oname = vlen ? opt_dup(val, vlen) : NULL;                         \
		return;                                                                  \
	}
#include "options.def"
#undef OPT_INT
#undef OPT_STR
	rt_printf("WEFT_OPTIONS: unknown option '%.*s' ignored\n", (int)nlen, name);
	return;
bad:
	rt_printf("WEFT_OPTIONS: bad value '%.*s' for option '%.*s' ignored\n", (int)vlen, val, (int)nlen, name);
}

void rt_parse_options(const char *s)
{
	if (!s)
		return;
	while (*s) {
		while (*s == ' ' || *s == ':' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		const char *name = s;
		while (*s && *s != '=' && *s != ' ' && *s != ':')
			s++;
		size_t nlen = (size_t)(s - name);
		if (*s != '=') {
			rt_printf("WEFT_OPTIONS: '%.*s' is not name=value; ignored\n", (int)nlen, name);
			continue;
		}
		const char *val = ++s;
		while (*s && *s != ' ' && *s != ':' && *s != '\t' && *s != '\n')
			s++;
		opt_set(name, nlen, val, (size_t)(s - val));
	}
}

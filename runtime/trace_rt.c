/* trace_rt.c - per-thread rings of trace records, written at the end (see trace_rt.h). */
#include "trace_rt.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hb.h"
#include "thread.h"

struct ring {
	uint64_t n;              /* records ever appended */
	uint32_t cap;
	struct trace_record rec[];
};

volatile int trace_on;
static volatile uint64_t seq;
static char path[4096];

void trace_init(void)
{
	if (!rt_opt.trace)
		return;
	snprintf(path, sizeof path, "%s", rt_opt.trace);
	if (rt_opt.trace_events < 16)
		rt_opt.trace_events = 16;
	hb_enable();
	__atomic_store_n(&trace_on, 1, __ATOMIC_RELEASE);
	__atomic_or_fetch(&rt_slow, RT_SLOW_TRACE, __ATOMIC_RELEASE);
}

void trace_start(const char *file)
{
	if (trace_on || !file)
		return;
	size_t n = strlen(file) + 1;
	char *p = rt_alloc(n);
	memcpy(p, file, n);
	rt_opt.trace = p;
	trace_init();
}

void trace_ev_slow(struct wthr *t, unsigned kind, uint32_t obj, unsigned flags, uint32_t aux)
{
	struct ring *r = t->trace;
	if (!r) {
		uint32_t cap = (uint32_t)rt_opt.trace_events;
		r = rt_mmap(sizeof *r + (size_t)cap * sizeof r->rec[0]);
		if (!r)
			return;
		r->cap = cap;
		__atomic_store_n(&t->trace, r, __ATOMIC_RELEASE);
	}
	struct trace_record *e = &r->rec[r->n % r->cap];
	e->seq = __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED);
	e->thread = (uint32_t)t->id;
	e->kind = (uint16_t)kind;
	e->flags = (uint16_t)flags;
	e->obj = obj;
	e->clock = vc_get(&t->clock, (uint32_t)t->id);
	e->aux = aux;
	e->reserved = 0;
	__atomic_store_n(&r->n, r->n + 1, __ATOMIC_RELEASE);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

const char *trace_write(void)
{
	if (!trace_on)
		return NULL;
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rt_printf("cannot write the trace %s\n", path);
		return NULL;
	}
	struct trace_header h;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, TRACE_MAGIC, 8);
	h.version = TRACE_VERSION;
	h.header_size = sizeof h;
	h.record_size = sizeof(struct trace_record);
	h.pid = (uint64_t)rt_pid;
	int n = thread_count();
	for (int i = 0; i < n; i++) {
		struct wthr *t = thread_by_id(i);
		struct ring *r = t ? t->trace : NULL;
		if (!r)
			continue;
		h.nthreads++;
		h.nrecords += (r->n < r->cap ? r->n : r->cap) + (r->n > r->cap);
	}
	int bad = write_all(fd, &h, sizeof h);
	for (int i = 0; i < n && !bad; i++) {
		struct wthr *t = thread_by_id(i);
		struct ring *r = t ? t->trace : NULL;
		if (!r)
			continue;
		uint64_t cnt = r->n, kept = cnt < r->cap ? cnt : r->cap;
		if (cnt > r->cap) {
			/* the oldest records were overwritten: say how many, before the kept ones */
			struct trace_record d = {0};
			d.seq = r->rec[cnt % r->cap].seq;
			d.thread = (uint32_t)t->id;
			d.kind = TRACE_DROPPED;
			d.obj = (uint32_t)(cnt - r->cap);
			bad |= write_all(fd, &d, sizeof d);
		}
		for (uint64_t k = cnt - kept; k < cnt && !bad; k++)
			bad |= write_all(fd, &r->rec[k % r->cap], sizeof r->rec[0]);
	}
	if (close(fd) != 0 || bad || rename(tmp, path) != 0) {
		unlink(tmp);
		rt_printf("cannot write the trace %s\n", path);
		return NULL;
	}
	return path;
}

void trace_after_fork_child(void)
{
	if (!trace_on)
		return;
	/* the child writes its own trace next to the parent's */
	char base[4096];
	snprintf(base, sizeof base, "%s", rt_opt.trace);
	snprintf(path, sizeof path, "%.4000s.%d", base, (int)getpid());
}

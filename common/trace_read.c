/* trace_read.c - read a happens-before trace and derive its arrows (see trace_read.h).
 *
 * Rules: everything in the file is distrusted (sizes, counts, ids); a bad file gives one line naming
 * the problem, never a crash or a huge allocation before the size has been checked against the file.
 */
#include "trace_read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Larger header or record sizes than this are corruption, not a later version appending fields. */
#define TRACE_READ_MAX_SIZE 4096u
#define NONE ((size_t)-1)

static void __attribute__((format(printf, 3, 4))) fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && len)
		vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);
	if (!p)
		abort();
	return p;
}

static uint16_t rd16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* ---- sorting ---- */

struct keyed {
	struct trace_event e;
	size_t pos; /* position in the file */
};

static int cmp_event(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->e.seq != y->e.seq)
		return x->e.seq < y->e.seq ? -1 : 1;
	bool dx = x->e.kind == TRACE_DROPPED, dy = y->e.kind == TRACE_DROPPED;
	if (dx != dy)
		return dx ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_arrow(const void *a, const void *b)
{
	const struct trace_arrow *x = a, *y = b;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return (x->from > y->from) - (x->from < y->from);
}

/* ---- per-object state for the arrows ---- */

enum family { FAM_LOCK = 1, FAM_COND, FAM_SEM, FAM_BARRIER, FAM_ONCE, FAM_CREATE, FAM_EXIT };

struct objstate {
	uint64_t key;      /* family << 32 | object id; 0: free slot */
	size_t last;       /* the latest release event (unlock, signal, post, once-done, create, exit) */
	size_t *list;      /* lock: rdunlocks since the last write lock; barrier: every arrive */
	uint32_t *round;   /* barrier: the round of each arrive in list */
	size_t n, cap;
	uint32_t cur_round;
	bool round_left;   /* barrier: a thread has left the current round */
};

struct objmap {
	struct objstate *slots;
	size_t cap; /* a power of two */
	size_t used;
};

static size_t hash64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return (size_t)k;
}

static struct objstate *objmap_get(struct objmap *m, enum family fam, uint32_t obj)
{
	uint64_t key = (uint64_t)fam << 32 | obj;
	if ((m->used + 1) * 2 > m->cap) {
		struct objmap bigger = {xcalloc(m->cap ? m->cap * 2 : 64, sizeof(struct objstate)),
		                        m->cap ? m->cap * 2 : 64, m->used};
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slots[i].key)
				continue;
			size_t j = hash64(m->slots[i].key) & (bigger.cap - 1);
			while (bigger.slots[j].key)
				j = (j + 1) & (bigger.cap - 1);
			bigger.slots[j] = m->slots[i];
		}
		free(m->slots);
		*m = bigger;
	}
	size_t j = hash64(key) & (m->cap - 1);
	while (m->slots[j].key && m->slots[j].key != key)
		j = (j + 1) & (m->cap - 1);
	struct objstate *s = &m->slots[j];
	if (!s->key) {
		s->key = key;
		s->last = NONE;
		m->used++;
	}
	return s;
}

static void objmap_free(struct objmap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slots[i].list);
		free(m->slots[i].round);
	}
	free(m->slots);
}

static void list_push(struct objstate *s, size_t ev, uint32_t round)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->list = realloc(s->list, s->cap * sizeof *s->list);
		s->round = realloc(s->round, s->cap * sizeof *s->round);
		if (!s->list || !s->round)
			abort();
	}
	s->list[s->n] = ev;
	s->round[s->n++] = round;
}

struct arrows {
	struct trace_arrow *a;
	size_t n, cap;
};

static void arrow_add(struct arrows *ar, size_t from, size_t to)
{
	if (from == NONE)
		return;
	if (ar->n == ar->cap) {
		ar->cap = ar->cap ? ar->cap * 2 : 64;
		ar->a = realloc(ar->a, ar->cap * sizeof *ar->a);
		if (!ar->a)
			abort();
	}
	ar->a[ar->n++] = (struct trace_arrow){from, to};
}

static void derive_arrows(struct trace_data *t)
{
	struct objmap m = {0};
	struct arrows ar = {0};
	size_t *last_wait = xcalloc(t->nthreads, sizeof *last_wait); /* per lane: the latest cond-wait */
	for (size_t i = 0; i < t->nthreads; i++)
		last_wait[i] = NONE;
	for (size_t i = 0; i < t->nevents; i++) {
		const struct trace_event *e = &t->events[i];
		bool failed = e->flags & TRACE_F_FAILED;
		int lane = trace_lane(t, e->thread);
		struct objstate *s;
		switch (e->kind) {
		case TRACE_LOCK:
			if (failed)
				break;
			s = objmap_get(&m, FAM_LOCK, e->obj);
			arrow_add(&ar, s->last, i);
			for (size_t k = 0; k < s->n; k++)
				arrow_add(&ar, s->list[k], i);
			s->n = 0;
			break;
		case TRACE_RDLOCK:
			if (!failed)
				arrow_add(&ar, objmap_get(&m, FAM_LOCK, e->obj)->last, i);
			break;
		case TRACE_UNLOCK:
			objmap_get(&m, FAM_LOCK, e->obj)->last = i;
			break;
		case TRACE_RDUNLOCK:
			list_push(objmap_get(&m, FAM_LOCK, e->obj), i, 0);
			break;
		case TRACE_COND_WAIT:
			if (lane >= 0)
				last_wait[lane] = i;
			break;
		case TRACE_COND_WAKE: {
			size_t w = lane >= 0 ? last_wait[lane] : NONE;
			s = objmap_get(&m, FAM_COND, e->obj);
			if (!failed && s->last != NONE && (w == NONE || t->events[w].obj != e->obj || s->last > w))
				arrow_add(&ar, s->last, i);
			if (lane >= 0)
				last_wait[lane] = NONE;
			break;
		}
		case TRACE_SIGNAL:
		case TRACE_BROADCAST:
			objmap_get(&m, FAM_COND, e->obj)->last = i;
			break;
		case TRACE_SEM_POST:
			objmap_get(&m, FAM_SEM, e->obj)->last = i;
			break;
		case TRACE_SEM_WAIT:
			if (!failed)
				arrow_add(&ar, objmap_get(&m, FAM_SEM, e->obj)->last, i);
			break;
		case TRACE_BARRIER_ARRIVE:
			s = objmap_get(&m, FAM_BARRIER, e->obj);
			if (s->round_left) {
				s->cur_round++;
				s->round_left = false;
			}
			list_push(s, i, s->cur_round);
			break;
		case TRACE_BARRIER_LEAVE: {
			s = objmap_get(&m, FAM_BARRIER, e->obj);
			/* the round of this thread's own latest arrive */
			size_t k = s->n;
			while (k > 0 && t->events[s->list[k - 1]].thread != e->thread)
				k--;
			uint32_t r = k > 0 ? s->round[k - 1] : s->cur_round;
			for (size_t j = 0; j < s->n; j++)
				if (s->round[j] == r)
					arrow_add(&ar, s->list[j], i);
			if (r == s->cur_round)
				s->round_left = true;
			break;
		}
		case TRACE_ONCE_DONE:
			objmap_get(&m, FAM_ONCE, e->obj)->last = i;
			break;
		case TRACE_ONCE_PASS:
			arrow_add(&ar, objmap_get(&m, FAM_ONCE, e->obj)->last, i);
			break;
		case TRACE_CREATE:
			objmap_get(&m, FAM_CREATE, e->obj)->last = i;
			break;
		case TRACE_START:
			arrow_add(&ar, objmap_get(&m, FAM_CREATE, e->thread)->last, i);
			break;
		case TRACE_EXIT:
			objmap_get(&m, FAM_EXIT, e->thread)->last = i;
			break;
		case TRACE_JOIN:
			if (!failed)
				arrow_add(&ar, objmap_get(&m, FAM_EXIT, e->obj)->last, i);
			break;
		default:
			break;
		}
	}
	free(last_wait);
	objmap_free(&m);
	if (ar.n)
		qsort(ar.a, ar.n, sizeof *ar.a, cmp_arrow);
	t->arrows = ar.a;
	t->narrows = ar.n;
}

/* ---- reading ---- */

int trace_read_mem(const void *buf, size_t len, struct trace_data **out, char *err, size_t errlen)
{
	const unsigned char *p = buf;
	*out = NULL;
	if (len < sizeof(struct trace_header)) {
		if (len >= 8 && memcmp(p, TRACE_MAGIC, 8) != 0)
			fail(err, errlen, "not a weft trace (no %s magic)", TRACE_MAGIC);
		else
			fail(err, errlen, "truncated: %zu bytes, shorter than the %zu-byte header", len,
			     sizeof(struct trace_header));
		return -1;
	}
	if (memcmp(p, TRACE_MAGIC, 8) != 0) {
		fail(err, errlen, "not a weft trace (no %s magic)", TRACE_MAGIC);
		return -1;
	}
	uint32_t version = rd32(p + 8), hsize = rd32(p + 12), rsize = rd32(p + 16), nthreads = rd32(p + 20);
	uint64_t pid = rd64(p + 24), nrec = rd64(p + 32);
	if (version != TRACE_VERSION) {
		fail(err, errlen, "trace format version %u; this weft reads version %d", version, TRACE_VERSION);
		return -1;
	}
	if (hsize < sizeof(struct trace_header) || hsize > TRACE_READ_MAX_SIZE) {
		fail(err, errlen, "corrupt header: header size %u (want %zu to %u)", hsize, sizeof(struct trace_header),
		     TRACE_READ_MAX_SIZE);
		return -1;
	}
	if (rsize < sizeof(struct trace_record) || rsize > TRACE_READ_MAX_SIZE) {
		fail(err, errlen, "corrupt header: record size %u (want %zu to %u)", rsize, sizeof(struct trace_record),
		     TRACE_READ_MAX_SIZE);
		return -1;
	}
	if (len < hsize) {
		fail(err, errlen, "truncated: %zu bytes, shorter than the %u-byte header", len, hsize);
		return -1;
	}
	size_t room = (len - hsize) / rsize;
	if (nrec > room) {
		fail(err, errlen, "truncated: %llu records promised, %zu in the file",
		     (unsigned long long)nrec, room);
		return -1;
	}
	if (len - hsize != (size_t)nrec * rsize) {
		fail(err, errlen, "corrupt: %zu bytes after the %llu records the header promises",
		     len - hsize - (size_t)nrec * rsize, (unsigned long long)nrec);
		return -1;
	}
	struct keyed *k = xcalloc((size_t)nrec, sizeof *k);
	for (size_t i = 0; i < (size_t)nrec; i++) {
		const unsigned char *r = p + hsize + i * rsize;
		struct trace_event *e = &k[i].e;
		e->seq = rd64(r);
		e->thread = rd32(r + 8);
		e->kind = rd16(r + 12);
		e->flags = rd16(r + 14);
		e->obj = rd32(r + 16);
		e->clock = rd32(r + 20);
		e->aux = rd32(r + 24);
		k[i].pos = i;
		if (e->seq == 0) {
			fail(err, errlen, "corrupt: record %zu has sequence number 0", i + 1);
			free(k);
			return -1;
		}
	}
	qsort(k, (size_t)nrec, sizeof *k, cmp_event);
	struct trace_data *t = xcalloc(1, sizeof *t);
	t->version = version;
	t->pid = pid;
	t->nevents = (size_t)nrec;
	t->events = xcalloc(t->nevents, sizeof *t->events);
	uint32_t *ids = xcalloc(t->nevents, sizeof *ids);
	for (size_t i = 0; i < t->nevents; i++) {
		t->events[i] = k[i].e;
		ids[i] = k[i].e.thread;
		/* One seq per event; a dropped record repeats the seq of the first record kept after it. */
		if (i > 0 && k[i].e.seq == k[i - 1].e.seq && k[i - 1].e.kind != TRACE_DROPPED) {
			fail(err, errlen, "corrupt: two records have sequence number %llu", (unsigned long long)k[i].e.seq);
			free(k);
			free(ids);
			trace_data_free(t);
			return -1;
		}
	}
	free(k);
	qsort(ids, t->nevents, sizeof *ids, cmp_u32);
	size_t n = 0;
	for (size_t i = 0; i < t->nevents; i++)
		if (n == 0 || ids[n - 1] != ids[i])
			ids[n++] = ids[i];
	t->threads = ids;
	t->nthreads = n;
	if (n != nthreads) {
		fail(err, errlen, "corrupt: the header says %u threads, the records name %zu", nthreads, n);
		trace_data_free(t);
		return -1;
	}
	derive_arrows(t);
	*out = t;
	return 0;
}

int trace_read_file(const char *path, struct trace_data **out, char *err, size_t errlen)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		fail(err, errlen, "%s: cannot open the trace: %s", path, strerror(errno));
		return -1;
	}
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				fail(err, errlen, "%s: out of memory reading the trace", path);
				return -1;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		fail(err, errlen, "%s: cannot read the trace", path);
		return -1;
	}
	char e2[256];
	int rc = trace_read_mem(buf, n, out, e2, sizeof e2);
	free(buf);
	if (rc < 0)
		fail(err, errlen, "%s: %s", path, e2);
	return rc;
}

void trace_data_free(struct trace_data *t)
{
	if (!t)
		return;
	free(t->events);
	free(t->threads);
	free(t->arrows);
	free(t);
}

int trace_lane(const struct trace_data *t, uint32_t thread)
{
	size_t lo = 0, hi = t->nthreads;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->threads[mid] < thread)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->nthreads && t->threads[lo] == thread ? (int)lo : -1;
}

size_t trace_arrows_into(const struct trace_data *t, size_t i, size_t *first)
{
	size_t lo = 0, hi = t->narrows;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->arrows[mid].to < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	size_t n = 0;
	while (lo + n < t->narrows && t->arrows[lo + n].to == i)
		n++;
	return n;
}

/* ---- words ---- */

char *trace_describe_object(const struct trace_event *e, char *buf, size_t len)
{
	char prefix = 0;
	switch (e->kind) {
	case TRACE_LOCK:
	case TRACE_UNLOCK:
	case TRACE_RDLOCK:
	case TRACE_RDUNLOCK:
		prefix = e->flags & TRACE_F_OBJ_IS_LOCK ? 'M' : 'L';
		break;
	case TRACE_COND_WAIT:
	case TRACE_COND_WAKE:
	case TRACE_SIGNAL:
	case TRACE_BROADCAST:
		prefix = 'C';
		break;
	case TRACE_SEM_POST:
	case TRACE_SEM_WAIT:
		prefix = 'S';
		break;
	case TRACE_BARRIER_ARRIVE:
	case TRACE_BARRIER_LEAVE:
		prefix = 'B';
		break;
	case TRACE_ONCE_DONE:
	case TRACE_ONCE_PASS:
		prefix = 'O';
		break;
	case TRACE_CREATE:
	case TRACE_START:
	case TRACE_JOIN:
		prefix = 'T';
		break;
	default:
		break;
	}
	if (prefix)
		snprintf(buf, len, "%c%u", prefix, e->obj);
	else if (len)
		buf[0] = 0;
	return buf;
}

char *trace_describe_event(const struct trace_event *e, char *buf, size_t len)
{
	char obj[24];
	const char *name = trace_kind_name(e->kind);
	switch (e->kind) {
	case TRACE_BARRIER_ARRIVE:
		name = "arrive";
		break;
	case TRACE_BARRIER_LEAVE:
		name = "leave";
		break;
	case TRACE_COND_WAKE:
		if (e->flags & TRACE_F_FAILED)
			name = "timeout";
		break;
	case TRACE_START:
	case TRACE_EXIT:
	case TRACE_BLOCK:
		snprintf(buf, len, "%s", name);
		return buf;
	case TRACE_DROPPED:
		snprintf(buf, len, "dropped %u", e->obj);
		return buf;
	default:
		break;
	}
	if (e->kind >= TRACE_KIND_COUNT)
		snprintf(buf, len, "kind %u", e->kind);
	else
		snprintf(buf, len, "%s %s", name, trace_describe_object(e, obj, sizeof obj));
	return buf;
}

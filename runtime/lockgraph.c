/* lockgraph.c - lock-order graph, shortest-cycle search, inversion findings (see lockgraph.h). */
#include "lockgraph.h"

#include <stdio.h>
#include <string.h>

#include "finding.h"
#include "obj.h"
#include "report_rt.h"
#include "rt.h"
#include "stack.h"
#include "thread.h"

#define LG_MAX_GATES 8          /* gates tracked per edge; more are dropped (may report, never hide) */
#define LG_MAX_SEARCH (1u << 20)
#define EDGE_BITS 20
#define EDGE_SIZE (1u << EDGE_BITS)
#define MAX_NODES (1u << 22)

struct lg_edge {
	int from, to;
	bool from_read, to_read;
	int thread;
	uintptr_t from_pc;
	uint32_t from_stack;        /* full stack of the acquisition of `from`, when captured */
	uint32_t to_stack;          /* stack of the acquisition of `to` */
	volatile int ngate;
	intptr_t gate[LG_MAX_GATES]; /* lock id (> 0), or -(struct wsem *) for a semaphore permit */
	struct lg_edge *next_out;
};

static struct lg_edge **edges;      /* hash table of edges */
static struct lg_edge **out_head;   /* out-edge list per lock id */
static unsigned nedges;
static rt_spin graph_lock;
static int graph_full;

static inline unsigned edge_hash(int from, int to, bool fr, bool tr)
{
	uint64_t k = ((uint64_t)(uint32_t)from << 32 | (uint32_t)to) ^ ((uint64_t)fr << 62) ^ ((uint64_t)tr << 63);
	k *= 0x9E3779B97F4A7C15ull;
	return (unsigned)(k >> (64 - EDGE_BITS));
}

static struct lg_edge *edge_find(int from, int to, bool fr, bool tr, unsigned *slot)
{
	unsigned i = edge_hash(from, to, fr, tr);
	for (;; i = (i + 1) & (EDGE_SIZE - 1)) {
		struct lg_edge *e = __atomic_load_n(&edges[i], __ATOMIC_ACQUIRE);
		if (!e) {
			if (slot)
				*slot = i;
			return NULL;
		}
		if (e->from == from && e->to == to && e->from_read == fr && e->to_read == tr)
			return e;
	}
}

/* ---- cycle search ---- */

struct state {
	int node;
	bool arrived_read;
	uint16_t mask;
	int parent;                 /* index in the queue, -1 for the root */
	int depth;                  /* edges from the start edge's target */
	struct lg_edge *via;
};

struct vset {                       /* visited states: open addressing on a 64-bit key */
	uint64_t *keys;
	unsigned cap, n;
};

static bool vset_add(struct vset *v, uint64_t key)
{
	if (v->n * 2 >= v->cap) {
		unsigned ncap = v->cap ? v->cap * 2 : 1024;
		uint64_t *nk = rt_alloc(ncap * sizeof *nk);
		for (unsigned i = 0; i < v->cap; i++) {
			if (!v->keys[i])
				continue;
			unsigned j = (unsigned)((v->keys[i] * 0x9E3779B97F4A7C15ull) >> 40) & (ncap - 1);
			while (nk[j])
				j = (j + 1) & (ncap - 1);
			nk[j] = v->keys[i];
		}
		rt_free(v->keys, v->cap * sizeof *nk);
		v->keys = nk;
		v->cap = ncap;
	}
	key++; /* 0 marks an empty slot */
	unsigned j = (unsigned)((key * 0x9E3779B97F4A7C15ull) >> 40) & (v->cap - 1);
	while (v->keys[j]) {
		if (v->keys[j] == key)
			return false;
		j = (j + 1) & (v->cap - 1);
	}
	v->keys[j] = key;
	v->n++;
	return true;
}

static bool edge_has_gate(const struct lg_edge *e, intptr_t g)
{
	for (int i = 0; i < e->ngate; i++)
		if (e->gate[i] == g)
			return true;
	return false;
}

static void report_cycle(struct lg_edge **cyc, int n);

/* Does gate g, common to every edge of a cycle of len edges, keep the cycle from deadlocking? A
 * lock held exclusively does (two threads cannot both hold it). A semaphore permit does when the
 * semaphore is used as a counting lock (taken and given back by the same threads) and fewer
 * threads can hold permits at once (its initial value) than the cycle needs (one per edge). */
static bool gate_prevents(intptr_t g, int len)
{
	if (g > 0)
		return true;
	const struct wsem *s = (const struct wsem *)(-g);
	return !s->signal_use && s->init_value > 0 && len > s->init_value;
}

/* Search the shortest ungated, mode-respecting cycle through start. Graph lock held. */
static void search_cycle(struct lg_edge *start)
{
	int ng = start->ngate;
	unsigned cap = 256, qn = 0, qh = 0;
	struct state *q = rt_alloc(cap * sizeof *q);
	struct vset vis = {0};
	q[qn++] = (struct state){start->to, start->to_read, 0, -1, 0, start};
	vset_add(&vis, (uint64_t)start->to << 17 | (uint64_t)start->to_read << 16);
	int found = -1;
	struct lg_edge *closing = NULL;
	while (qh < qn && found < 0) {
		struct state s = q[qh];
		for (struct lg_edge *e = out_head[s.node]; e; e = e->next_out) {
			if (s.arrived_read && e->from_read)
				continue; /* read held, read wanted: no wait */
			uint16_t m = s.mask;
			for (int i = 0; i < ng; i++)
				if (!edge_has_gate(e, start->gate[i]))
					m |= (uint16_t)(1u << i);
			if (e->to == start->from) {
				if (e == start || (e->to_read && start->from_read))
					continue;
				bool gated = false;
				for (int i = 0; i < ng && !gated; i++)
					if (!(m & (1u << i)))
						gated = gate_prevents(start->gate[i], s.depth + 2);
				if (gated)
					continue;
				found = (int)qh;
				closing = e;
				break;
			}
			if (!vset_add(&vis, (uint64_t)e->to << 17 | (uint64_t)e->to_read << 16 | m))
				continue;
			if (qn >= LG_MAX_SEARCH) {
				static int warned;
				if (!warned++)
					rt_printf("lock-order search limit reached; some cycles may be missed\n");
				goto out;
			}
			if (qn == cap) {
				struct state *nq = rt_alloc(cap * 2 * sizeof *nq);
				memcpy(nq, q, cap * sizeof *q);
				rt_free(q, cap * sizeof *q);
				q = nq;
				cap *= 2;
			}
			q[qn++] = (struct state){e->to, e->to_read, m, (int)qh, s.depth + 1, e};
		}
		qh++;
	}
	if (found >= 0) {
		int len = 1;
		for (int i = found; i >= 0; i = q[i].parent)
			len++;
		struct lg_edge **cyc = rt_alloc((size_t)len * sizeof *cyc);
		int k = len - 1;
		cyc[k--] = closing;
		for (int i = found; i >= 0; i = q[i].parent)
			cyc[k--] = q[i].via; /* the root's via is start */
		report_cycle(cyc, len);
		rt_free(cyc, (size_t)len * sizeof *cyc);
	}
out:
	rt_free(q, cap * sizeof *q);
	rt_free(vis.keys, vis.cap * sizeof *vis.keys);
}

static void report_cycle(struct lg_edge **cyc, int n)
{
	/* signature: the set of edges, independent of where the cycle starts */
	uint64_t sig = 0x1f;
	for (int i = 0; i < n; i++)
		sig += (uint64_t)(uintptr_t)cyc[i] * 0x9E3779B97F4A7C15ull;
	struct rfinding *f = finding_new(REPORT_LOCK_ORDER_INVERSION, 2 * n, n, n);
	f->sig = sig;
	int len = snprintf(f->summary, sizeof f->summary, "locks taken in a cycle: ");
	for (int i = 0; i < n; i++) {
		struct lg_edge *e = cyc[i];
		struct rstep *s = &f->steps[i];
		s->thread = e->thread;
		s->holds = e->from;
		s->hold_read = e->from_read;
		s->waits = e->to;
		s->wait_read = e->to_read;
		s->waits_thread = -1;
		s->wait_kind = obj_kind_name(lock_by_id(e->to) ? lock_by_id(e->to)->o.kind : OBJ_MUTEX);
		if (e->from_stack)
			s->hold_stack = finding_add_stack(f, RSTK_DEPOT, e->from_stack, 0, "held", e->thread);
		else
			s->hold_stack = finding_add_stack(f, RSTK_SPLICE, e->to_stack, e->from_pc, "held", e->thread);
		s->wait_stack = finding_add_stack(f, RSTK_DEPOT, e->to_stack, 0, "acquired", e->thread);
		finding_add_thread(f, e->thread);
		finding_add_lock(f, e->from);
		if (len < (int)sizeof f->summary)
			len += snprintf(f->summary + len, sizeof f->summary - (size_t)len, "%sM%d", i ? " -> " : "", e->from);
	}
	if (len < (int)sizeof f->summary)
		len += snprintf(f->summary + len, sizeof f->summary - (size_t)len, " -> M%d, in this order by thread%s",
				cyc[0]->from, f->nthreads > 1 ? "s" : "");
	for (int i = 0; i < f->nthreads && len < (int)sizeof f->summary; i++)
		len += snprintf(f->summary + len, sizeof f->summary - (size_t)len, "%s T%d",
				i == 0 ? "" : (i == f->nthreads - 1 ? " and" : ","), f->threads[i]);
	finding_publish(f);
}

static void graph_init(void)
{
	edges = rt_mmap(EDGE_SIZE * sizeof *edges);
	out_head = rt_mmap(MAX_NODES * sizeof *out_head);
	RT_CHECK(edges && out_head, 0, 0);
}

static int current_gates(struct wthr *t, const struct held *skip, const struct wlock *to, intptr_t *gates)
{
	int n = 0;
	for (uint32_t i = 0; i < t->nheld && n < LG_MAX_GATES; i++) {
		const struct held *h = &t->held[i];
		if (h != skip && !h->read && h->lock != to && h->lock->o.id != skip->lock->o.id)
			gates[n++] = h->lock->o.id;
	}
	for (uint32_t i = 0; i < t->npermits && n < LG_MAX_GATES; i++)
		gates[n++] = -(intptr_t)t->permits[i];
	return n;
}

void lockgraph_on_acquire(struct wthr *t, struct wlock *l, bool read)
{
	if (!rt_opt.lock_order || t->nheld == 0 || graph_full || l->o.id <= 0)
		return;
	uint32_t to_stack = 0;
	bool captured = false;
	for (uint32_t i = 0; i < t->nheld; i++) {
		struct held *h = &t->held[i];
		int from = h->lock->o.id;
		if (from <= 0 || h->lock == l)
			continue;
		intptr_t gates[LG_MAX_GATES];
		struct lg_edge *e = edges ? edge_find(from, l->o.id, h->read, read, NULL) : NULL;
		if (e) {
			if (e->ngate == 0)
				continue; /* the common case: nothing to update */
			int ng = current_gates(t, h, l, gates);
			rt_spin_lock(&graph_lock);
			int k = 0;
			for (int j = 0; j < e->ngate; j++) {
				bool keep = false;
				for (int m = 0; m < ng; m++)
					keep |= gates[m] == e->gate[j];
				if (keep)
					e->gate[k++] = e->gate[j];
			}
			bool shrank = k < e->ngate;
			e->ngate = k;
			if (shrank)
				search_cycle(e);
			rt_spin_unlock(&graph_lock);
			continue;
		}
		if (!captured) {
			to_stack = stack_capture();
			captured = true;
		}
		int ng = current_gates(t, h, l, gates);
		rt_spin_lock(&graph_lock);
		if (!edges)
			graph_init();
		unsigned slot;
		if (edge_find(from, l->o.id, h->read, read, &slot) || graph_full) {
			rt_spin_unlock(&graph_lock);
			continue;
		}
		if (nedges >= EDGE_SIZE / 4 * 3 || (unsigned)l->o.id >= MAX_NODES || (unsigned)from >= MAX_NODES) {
			graph_full = 1;
			rt_spin_unlock(&graph_lock);
			rt_printf("lock-order graph full: lock-order checking switched off\n");
			return;
		}
		e = rt_alloc(sizeof *e);
		e->from = from;
		e->to = l->o.id;
		e->from_read = h->read;
		e->to_read = read;
		e->thread = t->id;
		e->from_pc = h->pc;
		e->from_stack = h->stack;
		e->to_stack = to_stack;
		e->ngate = ng;
		memcpy(e->gate, gates, (size_t)ng * sizeof *gates);
		e->next_out = out_head[from];
		out_head[from] = e;
		__atomic_store_n(&edges[slot], e, __ATOMIC_RELEASE);
		nedges++;
		search_cycle(e);
		rt_spin_unlock(&graph_lock);
	}
	report_rt_changed();
}

void lockgraph_after_fork_child(void) { graph_lock.v = 0; }


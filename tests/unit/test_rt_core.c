/* test_rt_core.c - unit tests of the runtime's pure modules, linked directly (no preloading):
 * vector clocks, the stack depot and the lock-order graph (false positives and false negatives).
 * Prints PASS/FAIL lines; exits non-zero on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "finding.h"
#include "lockgraph.h"
#include "obj.h"
#include "rt.h"
#include "stack.h"
#include "thread.h"
#include "vc.h"

static int failures;

#define CHECK(name, cond)                                                                 \
	do {                                                                              \
		if (cond)                                                                 \
			printf("PASS %s\n", name);                                        \
		else {                                                                    \
			printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__);         \
			failures++;                                                       \
		}                                                                         \
	} while (0)

static void test_vc(void)
{
	struct vc a = {0}, b = {0};
	vc_tick(&a, 0);
	vc_tick(&a, 0);
	vc_set(&b, 3, 5);
	CHECK("vc: unset entries read as 0", vc_get(&a, 7) == 0 && vc_get(&b, 1) == 0);
	CHECK("vc: incomparable clocks", !vc_leq(&a, &b) && !vc_leq(&b, &a));
	vc_join(&b, &a);
	CHECK("vc: join is the element-wise max", vc_get(&b, 0) == 2 && vc_get(&b, 3) == 5);
	CHECK("vc: a <= join(a, b)", vc_leq(&a, &b));
	struct vc c = {0};
	vc_set(&c, 40, 1); /* grows past the first allocation */
	vc_copy(&c, &a);
	CHECK("vc: copy replaces every entry", vc_get(&c, 40) == 0 && vc_get(&c, 0) == 2 && vc_leq(&c, &a) && vc_leq(&a, &c));
	vc_free(&a);
	vc_free(&b);
	vc_free(&c);
}

static void test_depot(void)
{
	uintptr_t s1[] = {0x1000, 0x2000, 0x3000}, s2[] = {0x1000, 0x2000, 0x3001};
	uint32_t a = stack_intern(s1, 3), b = stack_intern(s2, 3), c = stack_intern(s1, 3);
	const uintptr_t *pcs;
	unsigned n = stack_get(a, &pcs);
	CHECK("depot: same stack, same id", a == c && a != 0);
	CHECK("depot: different stacks, different ids", a != b && b != 0);
	CHECK("depot: stored frames come back", n == 3 && pcs[2] == 0x3000);
	CHECK("depot: empty stack is id 0", stack_intern(s1, 0) == 0 && stack_get(0, &pcs) == 0);
	int many_ok = 1;
	for (uintptr_t i = 0; i < 20000; i++) {
		uintptr_t s[2] = {i, i * 7};
		uint32_t id = stack_intern(s, 2);
		many_ok &= id != 0 && stack_intern(s, 2) == id;
	}
	CHECK("depot: 20000 stacks interned and found again", many_ok);
}

/* ---- lock graph: threads and locks made by hand ---- */

static uintptr_t next_addr = 0x10000;

static struct wlock *new_lock(int kind)
{
	next_addr += 64;
	return (struct wlock *)obj_get(next_addr, kind, true, NULL);
}

static void take(struct wthr *t, struct wlock *l, bool read)
{
	lockgraph_on_acquire(t, l, read);
	struct held *h = thread_held_push(t);
	h->lock = l;
	h->read = read;
	h->pc = 0x4000 + (uintptr_t)l->o.id;
}

static void drop(struct wthr *t, struct wlock *l)
{
	struct held *h = thread_held_find(t, l);
	if (h)
		thread_held_remove(t, h);
}

static unsigned count_kind(enum report_kind k)
{
	unsigned n = 0;
	for (struct rfinding *f = finding_list(); f; f = f->next)
		n += f->kind == k;
	return n;
}

static void test_lockgraph(void)
{
	struct wthr *t1 = thread_new(0), *t2 = thread_new(0);
	unsigned base = count_kind(REPORT_LOCK_ORDER_INVERSION);

	/* ABBA: reported once, even when seen again */
	struct wlock *a = new_lock(OBJ_MUTEX), *b = new_lock(OBJ_MUTEX);
	take(t1, a, false); take(t1, b, false); drop(t1, b); drop(t1, a);
	CHECK("lockgraph: one order alone is fine", count_kind(REPORT_LOCK_ORDER_INVERSION) == base);
	take(t2, b, false); take(t2, a, false); drop(t2, a); drop(t2, b);
	CHECK("lockgraph: ABBA reported", count_kind(REPORT_LOCK_ORDER_INVERSION) == base + 1);
	take(t2, b, false); take(t2, a, false); drop(t2, a); drop(t2, b);
	CHECK("lockgraph: ABBA reported once", count_kind(REPORT_LOCK_ORDER_INVERSION) == base + 1);
	struct rfinding *f = finding_list();
	CHECK("lockgraph: the cycle has two steps with stacks", f->nsteps == 2 && f->steps[0].hold_stack >= 0 &&
	      f->steps[0].wait_stack >= 0 && f->steps[0].holds == f->steps[1].waits);

	/* gate lock: both orders under a common outer lock G: silent */
	struct wlock *g = new_lock(OBJ_MUTEX), *c = new_lock(OBJ_MUTEX), *d = new_lock(OBJ_MUTEX);
	take(t1, g, false); take(t1, c, false); take(t1, d, false); drop(t1, d); drop(t1, c); drop(t1, g);
	take(t2, g, false); take(t2, d, false); take(t2, c, false); drop(t2, c); drop(t2, d); drop(t2, g);
	CHECK("lockgraph: cycle under a common gate lock is silent", count_kind(REPORT_LOCK_ORDER_INVERSION) == base + 1);
	/* ... until one order is also taken without the gate */
	take(t1, d, false); take(t1, c, false); drop(t1, c); drop(t1, d);
	CHECK("lockgraph: the same cycle without the gate is reported", count_kind(REPORT_LOCK_ORDER_INVERSION) == base + 2);

	/* read locks: both orders in read mode cannot deadlock */
	struct wlock *r1 = new_lock(OBJ_RWLOCK), *r2 = new_lock(OBJ_RWLOCK);
	take(t1, r1, true); take(t1, r2, true); drop(t1, r2); drop(t1, r1);
	take(t2, r2, true); take(t2, r1, true); drop(t2, r1); drop(t2, r2);
	CHECK("lockgraph: read-read opposite orders are silent", count_kind(REPORT_LOCK_ORDER_INVERSION) == base + 2);
	/* a writer in one of them closes a real cycle */
	take(t2, r2, false); take(t2, r1, false); drop(t2, r1); drop(t2, r2);
	CHECK("lockgraph: write-mode opposite order is reported", count_kind(REPORT_LOCK_ORDER_INVERSION) == base + 3);

	/* a lock destroyed and re-created at the same address is a new node */
	struct wlock *e = new_lock(OBJ_MUTEX), *x = new_lock(OBJ_MUTEX);
	take(t1, e, false); take(t1, x, false); drop(t1, x); drop(t1, e);
	e->o.destroyed = true;
	struct wlock *e2 = (struct wlock *)obj_get(e->o.addr, OBJ_MUTEX, true, NULL);
	CHECK("lockgraph: re-created lock gets a new id", e2 != e && e2->o.id != e->o.id);
	take(t2, x, false); take(t2, e2, false); drop(t2, e2); drop(t2, x);
	CHECK("lockgraph: opposite order across two lives is silent", count_kind(REPORT_LOCK_ORDER_INVERSION) == base + 3);

	/* semaphore permits as gates: a counting semaphore of N seats bounds how many threads can be in
	 * the cycle at once */
	unsigned before = count_kind(REPORT_LOCK_ORDER_INVERSION);
	struct wsem seats1 = {.init_value = 1}, seats2 = {.init_value = 2}, signal = {.init_value = 1, .signal_use = true};
	struct wsem *cases[3] = {&seats1, &seats2, &signal};
	unsigned expect_new[3] = {0, 1, 1};
	const char *names[3] = {"lockgraph: ABBA under a 1-seat semaphore is silent",
				"lockgraph: ABBA under a 2-seat semaphore is reported",
				"lockgraph: a signalling semaphore is no gate"};
	for (int k = 0; k < 3; k++) {
		struct wlock *p = new_lock(OBJ_MUTEX), *q = new_lock(OBJ_MUTEX);
		t1->permits = &cases[k];
		t1->npermits = 1;
		t2->permits = &cases[k];
		t2->npermits = 1;
		take(t1, p, false); take(t1, q, false); drop(t1, q); drop(t1, p);
		take(t2, q, false); take(t2, p, false); drop(t2, p); drop(t2, q);
		t1->npermits = t2->npermits = 0;
		t1->permits = t2->permits = NULL;
		CHECK(names[k], count_kind(REPORT_LOCK_ORDER_INVERSION) == before + expect_new[k]);
		before = count_kind(REPORT_LOCK_ORDER_INVERSION);
	}
	/* three philosophers under two seats: the 3-cycle cannot happen */
	struct wlock *fk[3] = {new_lock(OBJ_MUTEX), new_lock(OBJ_MUTEX), new_lock(OBJ_MUTEX)};
	struct wthr *ph[3] = {t1, t2, thread_new(0)};
	for (int i = 0; i < 3; i++) {
		ph[i]->permits = &cases[1];
		ph[i]->npermits = 1;
		take(ph[i], fk[i], false); take(ph[i], fk[(i + 1) % 3], false);
		drop(ph[i], fk[(i + 1) % 3]); drop(ph[i], fk[i]);
		ph[i]->npermits = 0;
		ph[i]->permits = NULL;
	}
	CHECK("lockgraph: 3 philosophers with 2 seats are silent", count_kind(REPORT_LOCK_ORDER_INVERSION) == before);
	base += 2;

	/* a long ring: 40 locks, each thread takes L[i] then L[i+1]; the last closes the cycle */
	struct wlock *ring[40];
	for (int i = 0; i < 40; i++)
		ring[i] = new_lock(OBJ_MUTEX);
	for (int i = 0; i < 40; i++) {
		struct wthr *t = (i % 2) ? t1 : t2;
		take(t, ring[i], false); take(t, ring[(i + 1) % 40], false);
		drop(t, ring[(i + 1) % 40]); drop(t, ring[i]);
	}
	f = finding_list();
	CHECK("lockgraph: a 40-lock cycle is reported whole", count_kind(REPORT_LOCK_ORDER_INVERSION) == base + 4 && f->nsteps == 40);

	/* 100 locks held at once: no limit */
	struct wlock *many[100];
	for (int i = 0; i < 100; i++) {
		many[i] = new_lock(OBJ_MUTEX);
		take(t1, many[i], false);
	}
	CHECK("lockgraph: 100 locks held at once", t1->nheld == 100);
	for (int i = 99; i >= 0; i--)
		drop(t1, many[i]);
	take(t2, many[99], false); take(t2, many[0], false); drop(t2, many[0]); drop(t2, many[99]);
	CHECK("lockgraph: inversion with the 100th lock held is found", count_kind(REPORT_LOCK_ORDER_INVERSION) == base + 5);
}

int main(void)
{
	char opts[128];
	snprintf(opts, sizeof opts, "json=/tmp/weft-unit-%d.json stderr=0", (int)getpid());
	setenv("WEFT_OPTIONS", opts, 1);
	rt_init();
	test_vc();
	test_depot();
	test_lockgraph();
	char path[64];
	snprintf(path, sizeof path, "/tmp/weft-unit-%d.json", (int)getpid());
	unlink(path);
	return failures ? 1 : 0;
}

/* obj.c - address-keyed table of synchronization object records (rules in obj.h). */
#include "obj.h"

#include <string.h>

#include "rt.h"
#include "stack.h"

/* 2^21 slots of 16 bytes: 32 MiB of address space, touched only where used. A program with more
 * than 1.5 million distinct synchronization object addresses is beyond what this table serves. */
#define TAB_BITS 21
#define TAB_SIZE (1u << TAB_BITS)
#define TAB_LIMIT (TAB_SIZE / 4 * 3)
#define MAX_LOCKS (1u << 22)

struct slot {
	uintptr_t key;
	struct wobj *volatile obj;
};

static struct slot *tab;
static volatile unsigned tab_used;
static volatile int tab_full;
static struct wlock **locks;   /* by id */
static volatile int nlocks;
static volatile int nothers;   /* ids of the other objects (conditions, semaphores, ...) */
static rt_spin tab_init_lock;

static void tab_init(void)
{
	rt_spin_lock(&tab_init_lock);
	if (!tab) {
		locks = rt_mmap(MAX_LOCKS * sizeof *locks);
		struct slot *t = rt_mmap(TAB_SIZE * sizeof *t);
		RT_CHECK(t && locks, 0, 0);
		__atomic_store_n(&tab, t, __ATOMIC_RELEASE);
	}
	rt_spin_unlock(&tab_init_lock);
}

static inline unsigned hash_addr(uintptr_t a)
{
	uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15ull;
	return (unsigned)(h >> (64 - TAB_BITS));
}

static size_t obj_size(int kind)
{
	switch (kind) {
	case OBJ_COND: case OBJ_C11_COND: return sizeof(struct wcond);
	case OBJ_SEM: return sizeof(struct wsem);
	case OBJ_BARRIER: return sizeof(struct wbarrier);
	case OBJ_ONCE: return sizeof(struct wonce);
	default: return sizeof(struct wlock);
	}
}

static struct wobj *obj_make(uintptr_t addr, int kind, bool by_init)
{
	struct wobj *o = rt_alloc(obj_size(kind));
	o->kind = (uint8_t)kind;
	o->addr = addr;
	o->by_init = by_init;
	o->created_stack = stack_capture();
	if (obj_is_lock(kind))
		((struct wlock *)o)->owner = -1;
	return o;
}

/* Ids are handed out in the order records are installed, so that racing first uses of one object
 * (whose losing records are thrown away) leave no gap: a program's only mutex is always M1. */
static void obj_number(struct wobj *o)
{
	if (obj_is_lock(o->kind)) {
		struct wlock *l = (struct wlock *)o;
		int id = __atomic_add_fetch(&nlocks, 1, __ATOMIC_RELAXED);
		if ((unsigned)id < MAX_LOCKS) {
			o->id = id;
			__atomic_store_n(&locks[id], l, __ATOMIC_RELEASE);
		}
	} else {
		o->id = __atomic_add_fetch(&nothers, 1, __ATOMIC_RELAXED);
	}
}

static rt_spin number_lock;

static struct slot *slot_find(uintptr_t addr, bool insert)
{
	for (unsigned i = hash_addr(addr), n = 0; n < TAB_SIZE; i = (i + 1) & (TAB_SIZE - 1), n++) {
		uintptr_t k = __atomic_load_n(&tab[i].key, __ATOMIC_ACQUIRE);
		if (k == addr)
			return &tab[i];
		if (k == 0) {
			if (!insert)
				return NULL;
			if (tab_full)
				return NULL;
			uintptr_t zero = 0;
			if (__atomic_compare_exchange_n(&tab[i].key, &zero, addr, false, __ATOMIC_ACQ_REL,
							__ATOMIC_ACQUIRE)) {
				if (__atomic_add_fetch(&tab_used, 1, __ATOMIC_RELAXED) > TAB_LIMIT && !tab_full) {
					tab_full = 1;
					rt_printf("more than %u synchronization objects: not tracking new ones\n",
						  TAB_LIMIT);
				}
				return &tab[i];
			}
			if (zero == addr)
				return &tab[i];
		}
	}
	return NULL;
}

struct wobj *obj_peek(uintptr_t addr)
{
	if (unlikely(!tab))
		return NULL;
	struct slot *s = slot_find(addr, false);
	return s ? __atomic_load_n(&s->obj, __ATOMIC_ACQUIRE) : NULL;
}

struct wobj *obj_get(uintptr_t addr, int kind, bool fresh, bool *was_destroyed)
{
	if (unlikely(!tab))
		tab_init();
	struct slot *s = slot_find(addr, true);
	if (!s)
		return NULL;
	for (;;) {
		struct wobj *o = __atomic_load_n(&s->obj, __ATOMIC_ACQUIRE);
		if (o && !fresh && o->kind == kind && !o->destroyed)
			return o;
		if (o && !fresh && o->kind == kind && o->destroyed && was_destroyed)
			*was_destroyed = true;
		/* Install a fresh record. Racing installers: one wins, the others use its record (the
		 * loser's is never used: it has no id). */
		struct wobj *n = obj_make(addr, kind, fresh);
		rt_spin_lock(&number_lock);
		bool won = __atomic_load_n(&s->obj, __ATOMIC_ACQUIRE) == o;
		if (won) {
			obj_number(n);
			__atomic_store_n(&s->obj, n, __ATOMIC_RELEASE);
		}
		rt_spin_unlock(&number_lock);
		if (won)
			return n;
		n->destroyed = true;
		if (fresh)
			return __atomic_load_n(&s->obj, __ATOMIC_ACQUIRE);
	}
}

struct wlock *lock_by_id(int id)
{
	if (id <= 0 || id > nlocks || (unsigned)id >= MAX_LOCKS || !locks)
		return NULL;
	return __atomic_load_n(&locks[id], __ATOMIC_ACQUIRE);
}

int lock_count(void)
{
	int n = nlocks;
	return (unsigned)n < MAX_LOCKS ? n : (int)MAX_LOCKS - 1;
}

const char *obj_kind_name(int kind)
{
	static const char *const names[] = {
		[OBJ_MUTEX] = "mutex", [OBJ_RWLOCK] = "rwlock", [OBJ_SPIN] = "spinlock",
		[OBJ_C11_MUTEX] = "c11-mutex", [OBJ_COND] = "cond", [OBJ_C11_COND] = "c11-cond",
		[OBJ_SEM] = "sem", [OBJ_BARRIER] = "barrier", [OBJ_ONCE] = "once",
	};
	return kind > 0 && kind <= OBJ_ONCE ? names[kind] : "object";
}

void obj_after_fork_child(void) { number_lock.v = 0; }

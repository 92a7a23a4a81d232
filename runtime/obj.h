/* obj.h - weft's records of the program's synchronization objects, keyed by address.
 *
 * Rules: one table maps an object's address to its current record. Records are never freed
 * (reports refer to them); a destroy marks the record destroyed, and the next init (or use) at that
 * address installs a fresh record with a new id, so a lock destroyed and re-created at the same
 * address is a new lock. Lookups are lock-free; insertion uses compare-and-swap. When the table is
 * full, weft prints one line and stops tracking new objects (obj_get returns NULL).
 */
#ifndef WEFT_OBJ_H
#define WEFT_OBJ_H

#include <stdbool.h>
#include <stdint.h>

#include "hb.h"

enum obj_kind {
	OBJ_NONE = 0,
	OBJ_MUTEX, OBJ_RWLOCK, OBJ_SPIN, OBJ_C11_MUTEX,   /* locks (struct wlock) */
	OBJ_COND, OBJ_C11_COND, OBJ_SEM, OBJ_BARRIER, OBJ_ONCE,
};
static inline bool obj_is_lock(int k) { return k >= OBJ_MUTEX && k <= OBJ_C11_MUTEX; }

enum mutex_type { MT_NORMAL = 0, MT_RECURSIVE = 1, MT_ERRORCHECK = 2, MT_ADAPTIVE = 3 };

struct wobj {
	uint8_t kind;               /* enum obj_kind; destroyed must follow it (lock_get) */
	volatile bool destroyed;
	bool by_init;               /* created by an init call (else: first use of a static object) */
	bool shared;                /* process-shared: other processes, which weft does not see, use it */
	int id;                     /* locks: report id (1, 2, ...); others: their own count (trace) */
	uintptr_t addr;
	uint32_t created_stack;
};

_Static_assert(__builtin_offsetof(struct wobj, destroyed) == __builtin_offsetof(struct wobj, kind) + 1,
	       "lock_get compares kind and destroyed as one 16-bit word");

/* The record's first cache line is read on every operation (lock_get, type); what changes on every
 * acquisition (owner, depth, readers, clocks) starts on the next line, so threads taking turns on a
 * lock do not also steal each other's copy of the read-mostly part. */
struct wlock {
	struct wobj o;
	uint8_t type;               /* enum mutex_type (mutexes) */
	volatile int owner __attribute__((aligned(64))); /* writer/owner thread id, -1 when none */
	uint32_t depth;             /* recursion depth of the owner */
	volatile int nreaders;      /* rwlock readers */
	struct hb_sync hb;          /* mutex/spin: unlock clock; rwlock: write-unlock clock */
	struct hb_sync hb_r;        /* rwlock: read-unlock clock */
};

struct wcond {
	struct wobj o;
	struct hb_sync hb;
	volatile int nwaiters;
	struct wlock *volatile mutex;  /* the mutex of the current waiters */
};

struct wsem {
	struct wobj o;
	struct hb_sync hb;
	volatile int nwaiters;
	int init_value;             /* value given to sem_init (0 when unknown: named, first use) */
	volatile bool signal_use;   /* some thread posted without having taken a permit: the
	                             * semaphore signals, it does not bound (lockgraph.h) */
};

struct wbarrier {
	struct wobj o;
	struct hb_sync hb;
	unsigned count;
	volatile int nwaiters;
};

struct wonce {
	struct wobj o;
	struct hb_sync hb;
};

/* Record for the object at addr. create: install a fresh record when there is none, when the
 * current one is of another kind, or (fresh == true) always (init). Returns NULL when untracked.
 * *was_destroyed is set when the current record was destroyed and a new one was made on use. */
struct wobj *obj_get(uintptr_t addr, int kind, bool fresh, bool *was_destroyed);
/* Current record without creating one; NULL when none. */
struct wobj *obj_peek(uintptr_t addr);
void obj_after_fork_child(void);      /* a thread of the parent may have held the numbering lock */
struct wlock *lock_by_id(int id);
int lock_count(void);               /* ids handed out so far (ids are 1..count) */
const char *obj_kind_name(int kind);

#endif

/* sync.h - hooks for condition variables, semaphores, barriers, once, and thread life cycle.
 * Interceptors call them around the real functions (names say when they run). */
#ifndef WEFT_SYNC_H
#define WEFT_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#include "obj.h"
#include "thread.h"

/* condition variables (pthread and C11: kind OBJ_COND / OBJ_C11_COND) */
struct wcond *cond_get(void *addr, int kind);
void cond_post_init(void *addr, int kind, int ret, bool shared);
void cond_pre_destroy(void *addr, int kind);
/* returns whether the mutex was modelled as released (pass it to cond_post_wait) */
bool cond_pre_wait(struct wthr *t, struct wcond *c, struct wlock *m, bool timed, uintptr_t pc);
void cond_post_wait(struct wthr *t, struct wcond *c, struct wlock *m, bool released, int ret, uintptr_t pc);
void cond_pre_signal(struct wthr *t, struct wcond *c, bool broadcast);

/* semaphores */
struct wsem *sem_get(void *addr);
void sem_post_init(void *addr, bool shared, unsigned value, int ret);
void sem_mark_shared(void *addr);            /* a named semaphore (sem_open) */
void sem_pre_destroy(void *addr);
void sem_pre_wait(struct wthr *t, struct wsem *s, bool try, bool timed, uintptr_t pc);
void sem_post_wait(struct wthr *t, struct wsem *s, bool try, int ret);
void sem_pre_post(struct wthr *t, struct wsem *s);
void sem_post_post(struct wthr *t, struct wsem *s, int ret, int err);

/* barriers */
void barrier_pre_init(void *addr, unsigned count);
void barrier_post_init(void *addr, unsigned count, int ret, bool shared);
void barrier_pre_destroy(void *addr);
struct wbarrier *barrier_pre_wait(struct wthr *t, void *addr, uintptr_t pc);
void barrier_post_wait(struct wthr *t, struct wbarrier *b);

/* once (pthread_once and call_once): run_init runs fn in the calling thread under the real once */
struct wonce *once_get(void *addr);
void once_post(struct wthr *t, struct wonce *o);           /* after the real call returns */
void once_init_done(struct wthr *t, struct wonce *o);      /* the init routine returned */

/* threads */
struct thread_start {
	struct wthr *child;
	struct vc parent_clock;
	void *(*fn)(void *);
	int (*c11_fn)(void *);
	void *arg;
};
struct thread_start *thread_pre_create(struct wthr *parent);
void thread_post_create(struct wthr *parent, struct thread_start *s, int ret);
void thread_started(struct thread_start *s);                /* in the child, first */
void thread_finished(struct wthr *t);                       /* in the thread, last */
/* join: returns 0 to go on with the real join, or an error to return at once (misuse that would
 * make the real join undefined) */
int thread_pre_join(struct wthr *t, pthread_t target, struct wthr **target_out, bool try, bool timed, uintptr_t pc);
void thread_post_join(struct wthr *t, struct wthr *target, bool try, int ret);
void thread_pre_detach(struct wthr *t, pthread_t target);

#endif

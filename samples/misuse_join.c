/* misuse_join.c - the three pthread_join mistakes: a thread joining itself, joining a detached
 * thread, and joining a thread twice. glibc's calls fail (EDEADLK, EINVAL, ESRCH here) and the
 * program ignores it; it prints only whether each call failed, the codes are glibc's business.
 *
 * join_twice() creates no thread between its two joins, so the second join still finds the first
 * thread's descriptor (glibc caches it) and fails cleanly instead of joining an unrelated thread.
 *
 * weft: run preload
 * expect: api-misuse misuse=join-self function=join_self
 * expect: api-misuse misuse=join-detached function=join_detached
 * expect: api-misuse misuse=join-twice function=join_twice
 * expect-exit: 66
 * expect-stdout: join-self-failed=1 join-twice=0,failed=1 join-detached-failed=1
 */
#include <pthread.h>
#include <stdio.h>
#include "invisible.h"

static atomic_int release_detached;
static atomic_int detached_done;

static void *worker(void *arg)
{
	return arg;
}

static void *detached_worker(void *arg)
{
	step_wait(&release_detached, 1);
	step_set(&detached_done, 1);
	return NULL;
}

__attribute__((noinline)) static int join_self(void)
{
	return pthread_join(pthread_self(), NULL);   /* BUG: joins itself */
}

__attribute__((noinline)) static void join_twice(int *first, int *second)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	*first = pthread_join(t, NULL);
	*second = pthread_join(t, NULL);             /* BUG: already joined */
}

__attribute__((noinline)) static int join_detached(void)
{
	pthread_t t;
	pthread_attr_t attr;
	int rc;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_create(&t, &attr, detached_worker, NULL);
	pthread_attr_destroy(&attr);
	rc = pthread_join(t, NULL);                  /* BUG: t is detached (and still running) */
	step_set(&release_detached, 1);
	step_wait(&detached_done, 1);
	return rc;
}

int main(void)
{
	int self, first, second, detached;

	self = join_self();
	join_twice(&first, &second);
	detached = join_detached();
	printf("join-self-failed=%d join-twice=%d,failed=%d join-detached-failed=%d\n", self != 0, first,
	       second != 0, detached != 0);
	return 0;
}

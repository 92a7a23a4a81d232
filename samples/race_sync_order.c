/* race_sync_order.c - plain shared data handed between threads only through create, join, a
 * barrier, a semaphore and pthread_once: every access is ordered by happens-before. Must stay
 * silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: total=4 once=1 sem=5
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static int before_create, phase[4], init_count, handoff;
static pthread_barrier_t bar;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static sem_t sem;

static void init_once(void) { init_count++; }

static void *worker(void *arg)
{
	long i = (long)arg;
	int x = before_create;          /* written before pthread_create */
	pthread_once(&once, init_once);
	phase[i] = x + 1;               /* own slot */
	pthread_barrier_wait(&bar);
	int sum = 0;                    /* after the barrier: every slot is visible */
	for (int k = 0; k < 4; k++)
		sum += phase[k];
	if (i == 0) {
		handoff = 5;            /* then posted */
		sem_post(&sem);
	}
	return (void *)(long)sum;
}

int main(void)
{
	pthread_t t[4];
	before_create = 0;
	pthread_barrier_init(&bar, NULL, 4);
	sem_init(&sem, 0, 0);
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	sem_wait(&sem);
	int sem_seen = handoff;
	long total = 0;
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		total = (long)r;
	}
	phase[0] = 0;                   /* after join */
	printf("total=%ld once=%d sem=%d\n", total, init_count, sem_seen);
	return 0;
}

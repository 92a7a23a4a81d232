/* semaphores.c - POSIX semaphores: a ring buffer guarded by counting semaphores "free slots" and
 * "filled slots" (one producer, one consumer), plus a semaphore of 2 tokens limiting how many of 4
 * workers are inside a section at once. Correct: must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: sum=50005000 limit-kept=1
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

#define ITEMS 10000
#define SLOTS 4

static sem_t free_slots, filled_slots, tokens;
static long ring[SLOTS];
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static int inside, max_inside;

static void *producer(void *arg)
{
	for (long i = 1; i <= ITEMS; i++) {
		sem_wait(&free_slots);
		ring[i % SLOTS] = i;
		sem_post(&filled_slots);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0;

	for (long i = 1; i <= ITEMS; i++) {
		sem_wait(&filled_slots);
		sum += ring[i % SLOTS];
		sem_post(&free_slots);
	}
	return (void *)sum;
}

static void *limited(void *arg)
{
	struct timespec pause = {0, 200000};

	for (int i = 0; i < 20; i++) {
		sem_wait(&tokens);
		pthread_mutex_lock(&count_lock);
		if (++inside > max_inside)
			max_inside = inside;
		pthread_mutex_unlock(&count_lock);
		nanosleep(&pause, NULL);
		pthread_mutex_lock(&count_lock);
		inside--;
		pthread_mutex_unlock(&count_lock);
		sem_post(&tokens);
	}
	return NULL;
}

int main(void)
{
	pthread_t p, c, w[4];
	void *sum;

	sem_init(&free_slots, 0, SLOTS);
	sem_init(&filled_slots, 0, 0);
	sem_init(&tokens, 0, 2);
	pthread_create(&p, NULL, producer, NULL);
	pthread_create(&c, NULL, consumer, NULL);
	for (int i = 0; i < 4; i++)
		pthread_create(&w[i], NULL, limited, NULL);
	pthread_join(p, NULL);
	pthread_join(c, &sum);
	for (int i = 0; i < 4; i++)
		pthread_join(w[i], NULL);
	sem_destroy(&free_slots);
	sem_destroy(&filled_slots);
	sem_destroy(&tokens);
	printf("sum=%ld limit-kept=%d\n", (long)sum, max_inside >= 1 && max_inside <= 2);
	return 0;
}

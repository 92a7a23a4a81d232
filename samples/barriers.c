/* barriers.c - 4 threads compute in phases separated by a pthread barrier: each writes its slot,
 * waits, reads every slot, waits again. Correct: must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: phases=200 errors=0
 */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define PHASES 200

static pthread_barrier_t barrier;
static long slot[THREADS];
static long errors[THREADS];

static void *phase_worker(void *arg)
{
	int me = (int)(long)arg;

	for (int ph = 0; ph < PHASES; ph++) {
		slot[me] = (long)ph * THREADS + me;
		pthread_barrier_wait(&barrier);
		long sum = 0, want = 0;
		for (int i = 0; i < THREADS; i++) {
			sum += slot[i];
			want += (long)ph * THREADS + i;
		}
		if (sum != want)
			errors[me]++;
		pthread_barrier_wait(&barrier);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	long e = 0;

	pthread_barrier_init(&barrier, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, phase_worker, (void *)(long)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&barrier);
	for (int i = 0; i < THREADS; i++)
		e += errors[i];
	printf("phases=%d errors=%ld\n", PHASES, e);
	return 0;
}

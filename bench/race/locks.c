/* locks.c - lock-heavy benchmark for race detectors: THREADS threads each take one of LOCKS mutexes
 * ITERS times, update the counter that mutex protects, and release it; a little private work
 * between two critical sections. Prints a checksum so every build can be compared.
 *   usage: locks [THREADS [ITERS [LOCKS]]]   (defaults 4, 1000000, 8)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long threads = 4, iters = 1000000, nlocks = 8;

struct slot {
	pthread_mutex_t lock;
	long count;
	char pad[64 - sizeof(pthread_mutex_t) % 64 - sizeof(long)];
};
static struct slot *slots;

static void *worker(void *arg)
{
	long id = (long)arg, mine = 0;
	for (long i = 0; i < iters; i++) {
		struct slot *s = &slots[(i * 7 + id) % nlocks];
		pthread_mutex_lock(&s->lock);
		s->count++;
		pthread_mutex_unlock(&s->lock);
		mine += i ^ id;        /* private work */
	}
	return (void *)mine;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		threads = atol(argv[1]);
	if (argc > 2)
		iters = atol(argv[2]);
	if (argc > 3)
		nlocks = atol(argv[3]);
	slots = calloc((size_t)nlocks, sizeof *slots);
	for (long k = 0; k < nlocks; k++)
		pthread_mutex_init(&slots[k].lock, NULL);
	pthread_t *t = calloc((size_t)threads, sizeof *t);
	for (long i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	long mine = 0, total = 0;
	for (long i = 0; i < threads; i++) {
		void *r;
		pthread_join(t[i], &r);
		mine += (long)r;
	}
	for (long k = 0; k < nlocks; k++)
		total += slots[k].count;
	printf("checksum %ld %ld %s\n", mine, total, total == threads * iters ? "ok" : "MISMATCH");
	return 0;
}

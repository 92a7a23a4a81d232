/* mem.c - memory-heavy benchmark for race detectors: THREADS threads each own a large array
 * (ELEMS longs), and in every pass fill it, sum it, and add their sum into a shared table under a
 * mutex. Prints a checksum so every build can be compared.
 *   usage: mem [THREADS [ELEMS [PASSES]]]   (defaults 4, 4M, 8)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long threads = 4, elems = 4l << 20, passes = 8;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static long table[64];

static void *worker(void *arg)
{
	long id = (long)arg;
	long *a = malloc((size_t)elems * sizeof *a);
	long total = 0;
	for (long p = 0; p < passes; p++) {
		for (long i = 0; i < elems; i++)
			a[i] = i ^ (id + p);
		long s = 0;
		for (long i = 0; i < elems; i++)
			s += a[i];
		pthread_mutex_lock(&table_lock);
		table[(id * 7 + p) & 63] += s;
		pthread_mutex_unlock(&table_lock);
		total += s;
	}
	free(a);
	return (void *)total;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		threads = atol(argv[1]);
	if (argc > 2)
		elems = atol(argv[2]);
	if (argc > 3)
		passes = atol(argv[3]);
	pthread_t *t = calloc((size_t)threads, sizeof *t);
	for (long i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	long sum = 0;
	for (long i = 0; i < threads; i++) {
		void *r;
		pthread_join(t[i], &r);
		sum += (long)r;
	}
	long tsum = 0;
	for (int i = 0; i < 64; i++)
		tsum += table[i];
	printf("checksum %ld %s\n", sum, sum == tsum ? "ok" : "MISMATCH");
	return 0;
}

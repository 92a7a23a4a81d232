/* prodcons.c - a bounded producer/consumer queue: 2 producers, 2 consumers, capacity 8, condition
 * variables "not full" and "not empty" with their predicates tested in while loops; each producer
 * ends with a poison pill. Correct: must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: consumed=20000 sum=200010000
 */
#include <pthread.h>
#include <stdio.h>

#define CAP 8
#define PER_PRODUCER 10000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static long buf[CAP];
static int head, len;

static void put(long v)
{
	pthread_mutex_lock(&lock);
	while (len == CAP)
		pthread_cond_wait(&not_full, &lock);
	buf[(head + len) % CAP] = v;
	len++;
	pthread_cond_signal(&not_empty);
	pthread_mutex_unlock(&lock);
}

static long get(void)
{
	long v;

	pthread_mutex_lock(&lock);
	while (len == 0)
		pthread_cond_wait(&not_empty, &lock);
	v = buf[head];
	head = (head + 1) % CAP;
	len--;
	pthread_cond_signal(&not_full);
	pthread_mutex_unlock(&lock);
	return v;
}

static void *producer(void *arg)
{
	long base = (long)arg;

	for (long i = 1; i <= PER_PRODUCER; i++)
		put(base + i);
	put(-1);                      /* poison pill: one per producer */
	return NULL;
}

struct tally { long count, sum; };

static void *consumer(void *arg)
{
	struct tally *t = arg;
	long v;

	while ((v = get()) >= 0) {
		t->count++;
		t->sum += v;
	}
	return NULL;
}

int main(void)
{
	pthread_t p[2], c[2];
	struct tally t[2] = {{0, 0}, {0, 0}};

	for (int i = 0; i < 2; i++)
		pthread_create(&c[i], NULL, consumer, &t[i]);
	for (int i = 0; i < 2; i++)
		pthread_create(&p[i], NULL, producer, (void *)(long)(i * PER_PRODUCER));
	for (int i = 0; i < 2; i++)
		pthread_join(p[i], NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(c[i], NULL);
	printf("consumed=%ld sum=%ld\n", t[0].count + t[1].count, t[0].sum + t[1].sum);
	return 0;
}

/* race_heap_field_fixed.c - twin of race_heap_field.c: every field is accessed under the lock.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: balance=10
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct account {
	pthread_mutex_t lock;
	long balance;     /* under lock */
	long hits;        /* under lock too */
};

static void *writer(void *p)
{
	struct account *a = p;
	pthread_mutex_lock(&a->lock);
	a->balance += 10;
	a->hits = 1;
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

static void *reader(void *p)
{
	struct account *a = p;
	pthread_mutex_lock(&a->lock);
	long b = a->balance + a->hits;
	pthread_mutex_unlock(&a->lock);
	return (void *)b;
}

int main(void)
{
	struct account *a = calloc(1, sizeof *a);
	pthread_mutex_init(&a->lock, NULL);
	pthread_t t1, t2;
	pthread_create(&t1, NULL, writer, a);
	pthread_create(&t2, NULL, reader, a);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("balance=%ld\n", a->balance);
	pthread_mutex_destroy(&a->lock);
	free(a);
	return 0;
}

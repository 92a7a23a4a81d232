/* race_heap_field.c - one field of a heap struct written by one thread and read by another with no
 * synchronization; the other fields are correctly locked.
 *
 * weft: run preload
 * expect: data-race function=writer function=reader threads=2
 * expect-exit: 66
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct account {
	pthread_mutex_t lock;
	long balance;     /* under lock */
	long hits;        /* racy */
};

static void *writer(void *p)
{
	struct account *a = p;
	pthread_mutex_lock(&a->lock);
	a->balance += 10;
	pthread_mutex_unlock(&a->lock);
	a->hits = 1;
	return NULL;
}

static void *reader(void *p)
{
	struct account *a = p;
	pthread_mutex_lock(&a->lock);
	long b = a->balance;
	pthread_mutex_unlock(&a->lock);
	return (void *)(b + a->hits);
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

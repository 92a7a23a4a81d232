/* abba.c - source of the viewer's test fixtures (never built): two threads take two locks in
 * opposite orders, and main forgets to unlock what it did not lock. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void take_both(pthread_mutex_t *first, pthread_mutex_t *second)
{
	pthread_mutex_lock(first);
	counter++;
	pthread_mutex_lock(second);
	counter++;
	pthread_mutex_unlock(second);
	pthread_mutex_unlock(first);
}

static void *worker_a(void *arg)
{
	take_both(&lock_a, &lock_b);
	return arg;
}

static void *worker_b(void *arg)
{
	take_both(&lock_b, &lock_a);
	return arg;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, worker_a, NULL);
	pthread_create(&b, NULL, worker_b, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	pthread_mutex_unlock(&lock_a);
	printf("%d\n", counter);
	return 0;
}

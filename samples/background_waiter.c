/* background_waiter.c - a detached housekeeping thread waits for work that never comes, while main
 * does its job and returns. A thread left blocked when the process ends is not a deadlock (main
 * never waited for it). Must stay silent; the run ends when main returns.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-ended-by-weft: no
 * expect-stdout: main done sum=5050
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;
static int pending;

static void *housekeeper(void *arg)
{
	pthread_mutex_lock(&lock);
	for (;;) {
		while (!pending)
			pthread_cond_wait(&work, &lock);
		pending--;
	}
	return NULL;
}

int main(void)
{
	pthread_t t;
	pthread_attr_t attr;
	int sum = 0;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_create(&t, &attr, housekeeper, NULL);
	pthread_attr_destroy(&attr);
	for (int i = 1; i <= 100; i++)
		sum += i;
	printf("main done sum=%d\n", sum);
	return 0;
}

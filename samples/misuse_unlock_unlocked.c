/* misuse_unlock_unlocked.c - an error path unlocks a mutex twice: the second unlock is of a mutex
 * that is not locked.
 *
 * weft: run
 * expect: api-misuse misuse=unlock-unlocked function=add_sample
 * expect-exit: 66
 * expect-stdout: total=5 rejected=1
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long total, rejected;

__attribute__((noinline)) static void add_sample(long v)
{
	pthread_mutex_lock(&stats_lock);
	if (v < 0) {
		rejected++;
		pthread_mutex_unlock(&stats_lock);
		goto out;
	}
	total += v;
out:
	pthread_mutex_unlock(&stats_lock);   /* BUG: unlocked twice on the error path */
}

int main(void)
{
	add_sample(2);
	add_sample(-1);
	add_sample(3);
	printf("total=%ld rejected=%ld\n", total, rejected);
	return 0;
}

/* misuse_unlock_unlocked_fixed.c - twin of misuse_unlock_unlocked.c: one unlock on every path.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
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
		goto out;
	}
	total += v;
out:
	pthread_mutex_unlock(&stats_lock);
}

int main(void)
{
	add_sample(2);
	add_sample(-1);
	add_sample(3);
	printf("total=%ld rejected=%ld\n", total, rejected);
	return 0;
}

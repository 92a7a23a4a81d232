/* misuse_errorcheck_relock.c - an error-checking mutex locked again by its owner: glibc returns
 * EDEADLK instead of hanging, and the program ignores it.
 *
 * weft: run
 * expect: api-misuse misuse=relock-errorcheck function=account_total
 * expect-exit: 66
 * expect-stdout: total=30 relock=35
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t account_lock;
static int amounts[3] = {5, 10, 15};
static int relock_rc;

__attribute__((noinline)) static int account_total(void)
{
	int t = 0;

	relock_rc = pthread_mutex_lock(&account_lock);   /* BUG: the caller holds it already */
	for (int i = 0; i < 3; i++)
		t += amounts[i];
	if (relock_rc == 0)
		pthread_mutex_unlock(&account_lock);
	return t;
}

__attribute__((noinline)) static int close_account(void)
{
	int t;

	pthread_mutex_lock(&account_lock);
	t = account_total();
	pthread_mutex_unlock(&account_lock);
	return t;
}

int main(void)
{
	pthread_mutexattr_t attr;
	int total;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&account_lock, &attr);
	pthread_mutexattr_destroy(&attr);
	total = close_account();
	printf("total=%d relock=%d\n", total, relock_rc);
	pthread_mutex_destroy(&account_lock);
	return 0;
}

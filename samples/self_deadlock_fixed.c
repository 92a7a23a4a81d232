/* self_deadlock_fixed.c - twin of self_deadlock.c: the table lock is a recursive mutex, so taking
 * it again from table_size() is allowed. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: entries=1
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t table_lock;
static int table[16];
static int entries;

__attribute__((noinline)) static int table_size(void)
{
	int n;

	pthread_mutex_lock(&table_lock);   /* recursive: fine while the caller holds it */
	n = entries;
	pthread_mutex_unlock(&table_lock);
	return n;
}

__attribute__((noinline)) static void add_entry(int v)
{
	pthread_mutex_lock(&table_lock);
	if (table_size() < 16)
		table[entries++] = v;
	pthread_mutex_unlock(&table_lock);
}

int main(void)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&table_lock, &attr);
	pthread_mutexattr_destroy(&attr);
	add_entry(42);
	printf("entries=%d\n", entries);
	pthread_mutex_destroy(&table_lock);
	return 0;
}

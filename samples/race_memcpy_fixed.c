/* race_memcpy_fixed.c - twin of race_memcpy.c: the copies into the shared buffer are done under a
 * mutex. Must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: first=ok
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static char shared[256];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *filler(void *arg)
{
	char local[256];
	memset(local, *(char *)arg, sizeof local);
	pthread_mutex_lock(&lock);
	memcpy(shared, local, sizeof shared);
	pthread_mutex_unlock(&lock);
	return arg;
}

int main(void)
{
	static char a = 'a', b = 'b';
	pthread_t t1, t2;
	pthread_create(&t1, NULL, filler, &a);
	pthread_create(&t2, NULL, filler, &b);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("first=%s\n", shared[0] == 'a' || shared[0] == 'b' ? "ok" : "bad");
	return 0;
}

/* race_memcpy.c - two threads memcpy into one shared buffer without a lock: memcpy is a libc call
 * under both compilers, so weft's interceptor checks it as a range write.
 *
 * weft: run preload
 * expect: data-race function=filler threads=2
 * allow: data-race
 * expect-exit: 66
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static char shared[256];

static void *filler(void *arg)
{
	char local[256];
	memset(local, *(char *)arg, sizeof local);
	memcpy(shared, local, sizeof shared);
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

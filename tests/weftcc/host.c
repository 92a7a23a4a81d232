/* host.c - an uninstrumented program (plain cc) of tests/weft-cc.sh that dlopens a plugin built
 * with weft-cc -shared (libshared.so) and runs its racy function from two threads.
 *
 * expect: data-race function=shared_bump threads=2
 * allow: data-race
 * expect-exit: 66
 * expect-stdout: done
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static void (*bump)(void);

static void *worker(void *arg)
{
	for (int i = 0; i < 1000; i++)
		bump();
	return arg;
}

int main(int argc, char **argv)
{
	void *h = dlopen(argc > 1 ? argv[1] : "./libshared.so", RTLD_NOW);
	if (!h || !(bump = (void (*)(void))dlsym(h, "shared_bump"))) {
		fprintf(stderr, "host: %s\n", dlerror());
		return 2;
	}
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("done\n");
	return 0;
}

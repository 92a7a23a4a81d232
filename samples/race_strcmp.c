/* race_strcmp.c - a thread renames a shared service name with strcpy while another compares it
 * with strcmp and copies it with strdup, no lock: strcmp (bcmp once clang has rewritten it) and
 * strdup are libc calls that only read, and weft's interceptors check them as range reads.
 *
 * weft: run preload
 * expect: data-race function=rename_service function=lookup threads=2
 * allow: data-race
 * expect-exit: 66
 * expect-stdout: done
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char service[64] = "billing";
static const char *volatile new_name = "billing-v2";

static void *rename_service(void *arg)
{
	strcpy(service, new_name);
	return arg;
}

static void *lookup(void *arg)
{
	long hits = 0;
	for (int i = 0; i < 200; i++) {
		hits += strcmp(service, "billing-v2") == 0;
		char *copy = strdup(service);
		hits += copy[0] == 'b';
		free(copy);
	}
	return (void *)hits;
}

int main(void)
{
	pthread_t r, w;
	pthread_create(&r, NULL, lookup, NULL);
	pthread_create(&w, NULL, rename_service, NULL);
	pthread_join(w, NULL);
	pthread_join(r, NULL);
	printf("done\n");
	return 0;
}

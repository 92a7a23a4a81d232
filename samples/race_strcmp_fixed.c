/* race_strcmp_fixed.c - the twin of race_strcmp.c: the rename (strcpy) and the lookups (strcmp,
 * strdup) of the shared service name all hold one mutex: silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: done
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char service[64] = "billing";
static const char *volatile new_name = "billing-v2";

static void *rename_service(void *arg)
{
	pthread_mutex_lock(&lock);
	strcpy(service, new_name);
	pthread_mutex_unlock(&lock);
	return arg;
}

static void *lookup(void *arg)
{
	long hits = 0;
	for (int i = 0; i < 200; i++) {
		pthread_mutex_lock(&lock);
		hits += strcmp(service, "billing-v2") == 0;
		char *copy = strdup(service);
		pthread_mutex_unlock(&lock);
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

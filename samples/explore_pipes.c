/* explore_pipes.c - a correct program whose threads talk through a pipe: the reader blocks in
 * read(2), which the scheduler does not model; it gives up its turn around the call and rejoins
 * when the data is there. Must never fail and never hang.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 100
 * explore-expect: none
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int sent;

static void *writer(void *arg)
{
	for (int i = 1; i <= 5; i++) {
		pthread_mutex_lock(&lock);
		sent += i;
		pthread_mutex_unlock(&lock);
		char c = (char)i;
		assert(write(fds[1], &c, 1) == 1);
	}
	close(fds[1]);
	return NULL;
}

int main(void)
{
	assert(pipe(fds) == 0);
	pthread_t t;
	pthread_create(&t, NULL, writer, NULL);
	int sum = 0;
	char c;
	while (read(fds[0], &c, 1) == 1)
		sum += c;
	pthread_join(t, NULL);
	assert(sum == 15 && sent == 15);
	printf("sum=%d\n", sum);
	return 0;
}

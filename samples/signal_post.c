/* signal_post.c - a program that waits for its shutdown signal on a semaphore: main sem_waits,
 * the SIGALRM handler posts (sem_post is async-signal-safe), a worker waits on a condition variable
 * that main signals after the semaphore. For 1.3 s every thread is blocked in a wait weft knows,
 * but the handler will wake main: not a deadlock, weft must let it run.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: shutdown=1
 * timeout: 20
 */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>

static sem_t shutdown_sem;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int stopping;

static void on_alarm(int sig)
{
	(void)sig;
	sem_post(&shutdown_sem);
}

static void *worker(void *arg)
{
	pthread_mutex_lock(&m);
	while (!stopping)
		pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return arg;
}

int main(void)
{
	sem_init(&shutdown_sem, 0, 0);
	struct sigaction sa = {0};
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	pthread_t w;
	pthread_create(&w, NULL, worker, NULL);
	struct itimerval it = {{0, 0}, {1, 300 * 1000}};
	setitimer(ITIMER_REAL, &it, NULL);
	while (sem_wait(&shutdown_sem) != 0)
		; /* EINTR: the handler interrupted the wait before posting */
	pthread_mutex_lock(&m);
	stopping = 1;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
	pthread_join(w, NULL);
	printf("shutdown=1\n");
	return 0;
}

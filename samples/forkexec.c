/* forkexec.c - a multi-threaded program forks a child that executes this program again (argument
 * "child"); the child runs threads of its own and exits 0; the parent waits for it. Under weft each
 * process writes its own report (docs/report-format.md, "Several processes"). Correct: every report
 * must be silent.
 *
 * weft: run
 * expect: none
 * expect-reports: 2
 * expect-exit: 0
 * expect-stdout: child ok counter=2000
 * expect-stdout: parent ok counter=2000 child-status=0
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *count(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void run_threads(void)
{
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, count, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
}

int main(int argc, char **argv)
{
	pid_t pid;
	int status;
	pthread_t busy;

	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		run_threads();
		printf("child ok counter=%d\n", counter);
		return 0;
	}
	pthread_create(&busy, NULL, count, NULL);   /* a thread is running while we fork */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "child", (char *)NULL);
		perror("execl");
		_exit(127);
	}
	pthread_join(busy, NULL);
	count(NULL);
	waitpid(pid, &status, 0);
	printf("parent ok counter=%d child-status=%d\n", counter,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

/* race_socket_fixed.c - the twin of race_socket.c: the client finishes each job record (name and
 * attempt counter) before its index goes over the TCP connection and never touches it again. The
 * socket orders the record before the server's reads: silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: jobs 32
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

struct job {
	int attempts;
	char name[28];
};

static struct job jobs[32];
static int listener;
static struct sockaddr_in addr;

static void *server(void *arg)
{
	int c = accept(listener, NULL, NULL);
	if (c < 0)
		abort();
	long done = 0;
	for (int i = 0; i < 32; i++) {
		int k;
		if (recv(c, &k, sizeof k, MSG_WAITALL) != sizeof k)
			abort();
		done += jobs[k].name[0] == 'j' && jobs[k].attempts > 0;
	}
	close(c);
	printf("jobs %ld\n", done);
	return arg;
}

static void *client(void *arg)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) != 0)
		abort();
	for (int k = 0; k < 32; k++) {
		snprintf(jobs[k].name, sizeof jobs[k].name, "job-%d", k);
		jobs[k].attempts = 2;
		if (send(s, &k, sizeof k, 0) != sizeof k)
			abort();
	}
	close(s);
	return arg;
}

int main(void)
{
	listener = socket(AF_INET, SOCK_STREAM, 0);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof addr;
	if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 1) != 0 ||
	    getsockname(listener, (struct sockaddr *)&addr, &len) != 0)
		return 1;
	pthread_t s, c;
	pthread_create(&s, NULL, server, NULL);
	pthread_create(&c, NULL, client, NULL);
	pthread_join(c, NULL);
	pthread_join(s, NULL);
	close(listener);
	return 0;
}

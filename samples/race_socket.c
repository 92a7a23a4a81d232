/* race_socket.c - a client thread sends job records to a server thread over a TCP connection on
 * the loopback interface; the records live in shared memory and only their index travels over the
 * socket. After sending a job the client bumps its attempt counter: that write races with the
 * server's read of the record. The socket orders everything written before the send (weft models
 * sockets like TSan: a send releases, a recv that returns data acquires, connect releases and
 * accept acquires). The twin sets the counter before sending.
 *
 * weft: run preload
 * expect: data-race function=client function=server threads=2
 * allow: data-race
 * expect-exit: 66
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
		jobs[k].attempts = 1;
		if (send(s, &k, sizeof k, 0) != sizeof k)
			abort();
		jobs[k].attempts++;   /* BUG: the server may be reading this job now */
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

/* i_fd.c - interceptors of descriptor calls: reads and writes carry happens-before from writer to
 * reader (fdsync.h), calls that make, copy and close descriptors tell the model which clock a
 * number uses, and the blocking ones leave the scheduler around the real call in explore mode
 * (i_common.h).
 *
 * With clocks off (`weft run` on a plain program) each is the real call behind two predictable
 * branches. errno and the result are the real call's.
 */
#include <dlfcn.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fdsync.h"
#include "hb.h"
#include "i_common.h"

#define FD_REALS(X)                                                                          \
	X(ssize_t, read, (int, void *, size_t))                                              \
	X(ssize_t, write, (int, const void *, size_t))                                       \
	X(ssize_t, readv, (int, const struct iovec *, int))                                  \
	X(ssize_t, writev, (int, const struct iovec *, int))                                 \
	X(ssize_t, recv, (int, void *, size_t, int))                                         \
	X(ssize_t, send, (int, const void *, size_t, int))                                   \
	X(ssize_t, recvfrom, (int, void *, size_t, int, struct sockaddr *, socklen_t *))     \
	X(ssize_t, sendto, (int, const void *, size_t, int, const struct sockaddr *, socklen_t)) \
	X(ssize_t, recvmsg, (int, struct msghdr *, int))                                     \
	X(ssize_t, sendmsg, (int, const struct msghdr *, int))                               \
	X(int, accept, (int, struct sockaddr *, socklen_t *))                                \
	X(int, accept4, (int, struct sockaddr *, socklen_t *, int))                          \
	X(int, connect, (int, const struct sockaddr *, socklen_t))                           \
	X(int, socket, (int, int, int))                                                      \
	X(int, socketpair, (int, int, int, int *))                                           \
	X(int, pipe, (int *))                                                                \
	X(int, pipe2, (int *, int))                                                          \
	X(int, dup, (int))                                                                   \
	X(int, dup2, (int, int))                                                             \
	X(int, dup3, (int, int, int))                                                        \
	X(int, close, (int))

static struct {
#define X(ret, name, params) ret(*name) params;
	FD_REALS(X)
#undef X
} fr;
static volatile int fr_ok;

static void fr_resolve(void)
{
#define X(ret, name, params) fr.name = (ret(*) params)dlsym(RTLD_NEXT, #name);
	FD_REALS(X)
#undef X
	__atomic_store_n(&fr_ok, 1, __ATOMIC_RELEASE);
}
#define FR(name) (likely(fr_ok) ? fr.name : (fr_resolve(), fr.name))

/* the model is fed only while clocks are kept and the caller is the program (the runtime's own
 * reports, traces and explore-mode pipes go through these functions too) */
#define MODEL_ON() (unlikely(hb_active) && HOOKS_ON() && (CALLER_PC < rt_self_lo || CALLER_PC >= rt_self_hi))

/* a write-like call: release into fd's clock first */
#define WRITE_LIKE(type, fd, call)                                                           \
	do {                                                                                   \
		if (MODEL_ON()) {                                                              \
			SAVE_ERRNO;                                                            \
			fd_sync_release(rt_thread(), fd);                                      \
			RESTORE_ERRNO;                                                         \
		}                                                                              \
		type r_;                                                                       \
		BLOCKING(r_, call);                                                            \
		return r_;                                                                     \
	} while (0)

/* a read-like call: acquire fd's clock when it returned data */
#define READ_LIKE(type, fd, call)                                                            \
	do {                                                                                   \
		type r_;                                                                       \
		BLOCKING(r_, call);                                                            \
		if (r_ > 0 && MODEL_ON()) {                                                    \
			SAVE_ERRNO;                                                            \
			fd_sync_acquire(rt_thread(), fd);                                      \
			RESTORE_ERRNO;                                                         \
		}                                                                              \
		return r_;                                                                     \
	} while (0)

RT_EXPORT ssize_t read(int fd, void *buf, size_t n) { READ_LIKE(ssize_t, fd, FR(read)(fd, buf, n)); }
RT_EXPORT ssize_t write(int fd, const void *buf, size_t n) { WRITE_LIKE(ssize_t, fd, FR(write)(fd, buf, n)); }
RT_EXPORT ssize_t readv(int fd, const struct iovec *v, int n) { READ_LIKE(ssize_t, fd, FR(readv)(fd, v, n)); }
RT_EXPORT ssize_t writev(int fd, const struct iovec *v, int n) { WRITE_LIKE(ssize_t, fd, FR(writev)(fd, v, n)); }
RT_EXPORT ssize_t recv(int fd, void *buf, size_t n, int fl) { READ_LIKE(ssize_t, fd, FR(recv)(fd, buf, n, fl)); }
RT_EXPORT ssize_t send(int fd, const void *buf, size_t n, int fl) { WRITE_LIKE(ssize_t, fd, FR(send)(fd, buf, n, fl)); }
RT_EXPORT ssize_t recvfrom(int fd, void *buf, size_t n, int fl, struct sockaddr *a, socklen_t *l)
{ READ_LIKE(ssize_t, fd, FR(recvfrom)(fd, buf, n, fl, a, l)); }
RT_EXPORT ssize_t sendto(int fd, const void *buf, size_t n, int fl, const struct sockaddr *a, socklen_t l)
{ WRITE_LIKE(ssize_t, fd, FR(sendto)(fd, buf, n, fl, a, l)); }
RT_EXPORT ssize_t recvmsg(int fd, struct msghdr *m, int fl) { READ_LIKE(ssize_t, fd, FR(recvmsg)(fd, m, fl)); }
RT_EXPORT ssize_t sendmsg(int fd, const struct msghdr *m, int fl) { WRITE_LIKE(ssize_t, fd, FR(sendmsg)(fd, m, fl)); }

RT_EXPORT int connect(int fd, const struct sockaddr *a, socklen_t l)
{
	if (MODEL_ON()) {
		SAVE_ERRNO;
		fd_sync_connect(rt_thread());
		RESTORE_ERRNO;
	}
	int r;
	BLOCKING(r, FR(connect)(fd, a, l));
	return r;
}

/* r: a new descriptor from accept/accept4 */
static int accepted(int r)
{
	if (r >= 0 && MODEL_ON()) {
		SAVE_ERRNO;
		fd_sync_accept(rt_thread(), r);
		RESTORE_ERRNO;
	}
	return r;
}
RT_EXPORT int accept(int fd, struct sockaddr *a, socklen_t *l)
{
	int r;
	BLOCKING(r, FR(accept)(fd, a, l));
	return accepted(r);
}
RT_EXPORT int accept4(int fd, struct sockaddr *a, socklen_t *l, int fl)
{
	int r;
	BLOCKING(r, FR(accept4)(fd, a, l, fl));
	return accepted(r);
}

RT_EXPORT int socket(int dom, int type, int proto)
{
	int r = FR(socket)(dom, type, proto);
	if (r >= 0 && MODEL_ON())
		fd_sync_socket(r);
	return r;
}

RT_EXPORT int socketpair(int dom, int type, int proto, int sv[2])
{
	int r = FR(socketpair)(dom, type, proto, sv);
	if (r == 0 && MODEL_ON())
		fd_sync_pair(sv[0], sv[1]);
	return r;
}

RT_EXPORT int pipe(int fd[2])
{
	int r = FR(pipe)(fd);
	if (r == 0 && MODEL_ON())
		fd_sync_pair(fd[0], fd[1]);
	return r;
}

RT_EXPORT int pipe2(int fd[2], int fl)
{
	int r = FR(pipe2)(fd, fl);
	if (r == 0 && MODEL_ON())
		fd_sync_pair(fd[0], fd[1]);
	return r;
}

RT_EXPORT int dup(int fd)
{
	int r = FR(dup)(fd);
	if (r >= 0 && MODEL_ON())
		fd_sync_dup(fd, r);
	return r;
}

RT_EXPORT int dup2(int fd, int to)
{
	int r = FR(dup2)(fd, to);
	if (r >= 0 && MODEL_ON())
		fd_sync_dup(fd, r);
	return r;
}

RT_EXPORT int dup3(int fd, int to, int fl)
{
	int r = FR(dup3)(fd, to, fl);
	if (r >= 0 && MODEL_ON())
		fd_sync_dup(fd, r);
	return r;
}

RT_EXPORT int close(int fd)
{
	if (MODEL_ON())
		fd_sync_close(fd);
	return FR(close)(fd);
}

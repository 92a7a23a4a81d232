/* fdsync.h - happens-before through file descriptors (used by the race detector's model).
 *
 * Semantics: bytes written to a pipe, a socket or an eventfd and read at the other end order the
 * writer's earlier events before the reader's later ones, the way a mutex would (ThreadSanitizer
 * models descriptors too; weft pairs the ends of a connection more precisely). A write releases
 * into the descriptor's sync clock before the call; a read that returned data acquires it after.
 * Which clock:
 *   - the two ends of a pipe or a socketpair share one (the read end's);
 *   - a connected socket (from socket() + connect(), or accept()) uses its connection's clock,
 *     found by the pair of addresses of its two ends (getsockname and getpeername, once, at its
 *     first read or write): both ends of a TCP or Unix-domain connection inside the process meet
 *     there, and different connections stay apart (a server's workers serving different clients
 *     are not ordered by their sockets); connect() releases and accept() acquires one more clock,
 *     so what a client did before connecting happens before the accept;
 *   - any other descriptor (eventfd, FIFO, file, unconnected socket) has its own, by number;
 *   - dup/dup2/dup3 give the new number the old one's clock; close() empties the number's own
 *     clock and unlinks it.
 * Only while clocks are kept (hb_active); descriptors at or above FDSYNC_MAX are not modelled. A
 * stale link (a pipe's write end pointing at a read end's number that was closed and reused) can
 * only add happens-before, never remove it.
 */
#ifndef WEFT_FDSYNC_H
#define WEFT_FDSYNC_H

struct wthr;

#define FDSYNC_MAX (1 << 20)

void fd_sync_release(struct wthr *t, int fd);   /* before a write, send, ... */
void fd_sync_acquire(struct wthr *t, int fd);   /* after a read, recv, ... that returned data */
void fd_sync_pair(int rfd, int wfd);            /* pipe(), socketpair() */
void fd_sync_socket(int fd);                    /* socket(): paired at its first read or write */
void fd_sync_connect(struct wthr *t);           /* before connect() */
void fd_sync_accept(struct wthr *t, int fd);    /* after accept() returned fd */
void fd_sync_dup(int from, int to);
void fd_sync_close(int fd);

#endif

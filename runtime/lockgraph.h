/* lockgraph.h - lock-order graph and potential-deadlock (lock-order inversion) detection.
 *
 * Semantics: an edge A -> B records that some thread acquired B (blocking, not try) while holding
 * A. Nodes are lock records (obj.h), so a lock destroyed and re-created at the same address is a
 * new node. An edge also keeps:
 *   - the modes: A held for read or write, B acquired for read or write. Two read acquisitions of
 *     a lock do not exclude each other, so a cycle step where one thread holds L for read and the
 *     next waits for L for read is not a deadlock;
 *   - its gate set: the locks held exclusively (write mode) at every observation of the edge,
 *     besides A. A cycle whose edges all share one gate lock cannot deadlock (the gate serialises
 *     them), so it is not reported. When later observations shrink a gate set, cycles through
 *     that edge are searched again;
 *     A semaphore permit can be a gate too: a thread that took a permit (sem_wait) and has not
 *     given it back holds it; a cycle of n edges all taken under permits of one semaphore whose
 *     initial value is below n cannot close (not enough threads can hold permits at once: the
 *     dining philosophers with N-1 seats). Only semaphores used as counting locks count: one that
 *     some thread posts without having taken a permit signals, and bounds nothing;
 *   - the thread and stacks of its first observation (where A was taken, where B was taken).
 * A new edge triggers a breadth-first search for the shortest cycle through it that respects the
 * modes and is not gated; each distinct cycle (set of edges) is reported once. There is no limit
 * on locks held or cycle length; the graph lives in rt_alloc memory and gives up with one line if
 * a single search visits more than LG_MAX_SEARCH states.
 * Inspired by Linux lockdep (class graph, BFS for the shortest cycle, stack per edge); the gate and
 * read/write rules are the ones TSan's detector lacks.
 */
#ifndef WEFT_LOCKGRAPH_H
#define WEFT_LOCKGRAPH_H

#include <stdbool.h>
#include <stdint.h>

struct wthr;
struct wlock;

/* Thread t acquired l (blocking) while holding t->held[]; call before l is pushed on held. */
void lockgraph_on_acquire(struct wthr *t, struct wlock *l, bool read);
void lockgraph_after_fork_child(void);


#endif

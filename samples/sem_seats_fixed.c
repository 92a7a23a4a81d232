/* sem_seats_fixed.c - sem_seats.c with one seat fewer than philosophers: at most N-1 of them hold
 * a fork at once, so the cycle of N forks cannot close. Every fork-then-fork order is taken while
 * holding a permit of a semaphore that is used as a counting lock (taken and given back by the same
 * thread) and bounds the cycle: weft stays silent.
 *
 * weft: run
 * args: 4
 * expect: none
 * expect-exit: 0
 * expect-stdout: meals=4
 */
#define SEATS_FEWER 1
#include "sem_seats.c"

/* stack.h - stack capture (libunwind) and the stack depot.
 *
 * Stacks are captured only where a report may need them (new lock-order edges, object creation,
 * thread creation, misuse, blocked threads at a deadlock), never on every lock. A captured stack is
 * interned in the depot and named by a 32-bit id (0 = no stack). Stored stacks are immutable and
 * live forever; lookups are lock-free, insertion takes a spinlock. Frames of libweft itself are
 * stripped, so the innermost frame is the program's call site.
 */
#ifndef WEFT_STACK_H
#define WEFT_STACK_H

#include <stdbool.h>
#include <stdint.h>

#define STACK_MAX_FRAMES 64

uint32_t stack_capture(void);                                 /* current stack, own frames stripped */
uint32_t stack_intern(const uintptr_t *pcs, unsigned n);      /* 0 when n == 0 or the depot is full */
unsigned stack_get(uint32_t id, const uintptr_t **pcs);       /* frame count; 0 for id 0 */
/* Drop the runtime's frames; from_signal: the stack was taken in a signal handler that interrupted
 * a blocking call, so the C library frames between handler and interceptor go as well. */
unsigned stack_strip_own(uintptr_t *pcs, unsigned n, bool from_signal);
uint32_t stack_capture_ex(bool from_signal);
/* The same, and when caller_pc (a return address into the program) is among the first frames left,
 * the frames above it go too: weft's own code linked into the program (the access callbacks). */
uint32_t stack_capture_at(bool from_signal, uintptr_t caller_pc);
/* true in explored runs whose report nobody reads (runtime/sched_server.c): every capture returns 0
 * (libunwind's first backtrace in a fresh process costs ~120 page faults). */
extern bool stack_off;

#endif

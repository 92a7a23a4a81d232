/* symbolize.h - pcs to functions, files, lines and inlined frames with elfutils' libdwfl, inside
 * the process, at report time only (setup ~0.3 ms, first lookups ~50 ms: never on a hot path).
 * Results are cached per pc. Callers hold the report lock and the re-entrancy guard. */
#ifndef WEFT_SYMBOLIZE_H
#define WEFT_SYMBOLIZE_H

#include <stdint.h>

#include "report.h"

/* Append the frames for return address pc (innermost inlined frame first) to s. */
void sym_append_frames(struct report_stack *s, uintptr_t pc, int is_return_address);
/* Cheap form for stacks nobody asked to read (threads not in any finding): module, offset and the
 * dynamic symbol from dladdr, no debug information (libdw's first lookup costs ~50 ms). */
void sym_append_frames_cheap(struct report_stack *s, uintptr_t pc);
/* Name of the function containing pc, or NULL (owned by the cache). */
const char *sym_function(uintptr_t pc);
/* Global variable containing addr: its name (malloc'd, "name" or "name+off"), or NULL. */
char *sym_data_name(uintptr_t addr);
/* The same object: its plain name (malloc'd), start and size; NULL when addr is in none. */
char *sym_data_object(uintptr_t addr, uint64_t *base, uint64_t *size);

#endif

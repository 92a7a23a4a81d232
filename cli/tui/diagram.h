/* diagram.h - a lock cycle as a picture, and its lockdep-style scenario, as document lines.
 *
 * Semantics: a deadlock or lock-order inversion is a list of steps (report.h, struct
 * report_cycle_step). The steps form a ring when what step i waits for is what step i+1 holds (or,
 * for a join, is step i+1's thread). A ring is drawn with one row per step
 *     LOCK <-holds- THREAD -waits for-
 * and lines carrying each "waits for" down to the next row's lock and from the last row back to
 * the first. Steps that are not a ring (every thread blocked on something else) get one row each
 * that names what the thread waits for.
 *
 * The scenario puts one column per step, lockdep-style and as the text report prints it for an
 * inversion (thread labels, a thread seen twice primed): first every lock held, then every wait,
 * marking each wait "blocked" for a deadlock, ending with "*** DEADLOCK ***".
 */
#ifndef WEFT_TUI_DIAGRAM_H
#define WEFT_TUI_DIAGRAM_H

#include <stdbool.h>

#include "report.h"
#include "tui/tui.h"
#include "tui/view.h"

/* Line payloads: item = step index; data says which part of the step the line shows. */
enum { DIAGRAM_HOLD = 0, DIAGRAM_WAIT = 1, DIAGRAM_STEP = 2 };

/* True if the steps of f form a ring (see above). */
bool diagram_is_ring(const struct report_finding *f);

/* Append the picture of f's steps, at most width columns wide. */
void diagram_cycle(struct doc *d, const struct report *r, const struct report_finding *f,
                   const struct tui_glyphs *g, int width);

/* Append the scenario of f's steps, at most width columns wide. */
void diagram_scenario(struct doc *d, const struct report *r, const struct report_finding *f,
                      const struct tui_glyphs *g, int width);

#endif

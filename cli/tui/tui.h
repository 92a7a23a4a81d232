/* tui.h - the viewer application model: a stack of views over one report, the search prompt, the
 * status line, and rendering into a canvas. No curses here: the screen manager (screen.c) and the
 * script runner (script.c) feed it keys and sizes and show the canvas it draws.
 *
 * Contract for the drivers: tui_key() and tui_resize() change the model and return flags; draw
 * (tui_render) only when TUI_REDRAW is set, stop when TUI_QUIT is set.
 */
#ifndef WEFT_TUI_TUI_H
#define WEFT_TUI_TUI_H

#include <stdbool.h>

#include "report.h"
#include "tui/canvas.h"
#include "tui/view.h"

enum {
	TUI_NONE = 0,
	TUI_REDRAW = 1 << 0,  /* the screen must be drawn again */
	TUI_QUIT = 1 << 1,    /* leave the viewer */
	TUI_UNHANDLED = 1 << 2, /* (view handlers) not a request for this view */
};

/* Characters for diagrams: Unicode line drawing, or plain ASCII. */
struct tui_glyphs {
	const char *h, *v;              /* ─ │ */
	const char *tl, *tr, *bl, *br;  /* ┌ ┐ └ ┘ */
	const char *right, *left;       /* ▶ ◀ (arrow heads) */
	const char *ellipsis;           /* … */
};

struct tui_options {
	const char *report_path; /* as given on the command line (shown, and used to find sources) */
	bool ascii;              /* draw with ASCII only */
	const char *trace_path;  /* the happens-before trace (--trace); NULL: the report's "trace" */
	const char *schedule_path; /* an explored schedule to open first (weft view DIR); NULL: the
	                            * report's failure.schedule, opened with x */
};

struct tui;

/* A new viewer on r (not owned: r must outlive the tui), showing the findings list. */
struct tui *tui_new(const struct report *r, const struct tui_options *opt);
void tui_free(struct tui *t);

/* The screen is w x h (>= 1 x 1). Returns TUI_REDRAW. */
unsigned tui_resize(struct tui *t, int w, int h);
/* Handle one key (keys.h). */
unsigned tui_key(struct tui *t, int key);
/* Draw everything into c (resized to the tui's size). */
void tui_render(struct tui *t, struct canvas *c);

/* For views. */
const struct report *tui_report(const struct tui *t);
const char *tui_report_path(const struct tui *t);
/* The trace given on the command line, or NULL. */
const char *tui_trace_path(const struct tui *t);
/* The schedule given on the command line, or NULL. */
const char *tui_schedule_path(const struct tui *t);
const struct tui_glyphs *tui_glyphs(const struct tui *t);
/* Show a one-line message in the status bar until the next key. */
void tui_message(struct tui *t, enum style st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Push a view (sized and built here); NULL is ignored (the constructor set a message). */
void tui_push(struct tui *t, struct view *v);
/* Open the source of frame i of s in a source view (or say why not). */
void tui_open_frame(struct tui *t, const struct report_stack *s, size_t i);
/* Number of views on the stack (the findings list is the first). */
int tui_depth(const struct tui *t);
struct view *tui_top(struct tui *t);

#endif

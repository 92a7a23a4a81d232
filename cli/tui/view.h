/* view.h - the curses-free model of the viewer's views (tig-style).
 *
 * A view is what fills the screen between the title bar and the status bar: one to four panes, each
 * a document of lines with a selection and a scroll position. A view kind is a struct view_ops
 * table: build() fills the documents for the current size, layout() places the panes, request()
 * handles the requests that mean something to this view, selected() follows a selection change
 * (a master pane driving a detail pane). Handlers never draw: they change the model and return
 * flags (tui.h); the screen manager redraws.
 *
 * Lines are sequences of styled UTF-8 segments. A line with item >= 0 can be selected; item and data
 * are the view's own payload (an index of a finding, a stack, a frame...).
 */
#ifndef WEFT_TUI_VIEW_H
#define WEFT_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/canvas.h"
#include "tui/request.h"

struct tui;

struct tseg {
	char *text;
	enum style style;
};

struct tline {
	struct tseg *segs;
	int nsegs;
	int item;          /* >= 0: selectable, view-defined payload; -1: not selectable */
	int data;          /* second view-defined payload */
	enum style fill;   /* style of the rest of the row after the text */
	int fixed;         /* leading segments that stay put when the pane scrolls sideways (a gutter) */
};

struct doc {
	struct tline *lines;
	int n, cap;
};

void doc_clear(struct doc *d);
/* Append a line (item: -1 for a line that cannot be selected). */
struct tline *doc_add(struct doc *d, int item, int data);
/* Append a segment to a line, printf-style. */
void line_add(struct tline *l, enum style st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Append a segment padded with blanks (or cut) to exactly w columns. */
void line_add_cols(struct tline *l, enum style st, int w, const char *text);
/* The plain text of a line, into buf. */
char *line_text(const struct tline *l, char *buf, size_t len);
int line_width(const struct tline *l);

struct pane {
	struct doc doc;
	char *title;       /* heading row drawn above the lines; NULL: none */
	bool plain_title;  /* draw the heading as is (column headings) rather than as a rule */
	bool focusable;
	int sel;           /* selected line, -1 if none */
	bool center;       /* centre the selection once the pane is placed (see view_resize) */
	int top;           /* first line shown */
	int left;          /* first column shown (horizontal scrolling) */
	int x, y, w, h;    /* placement inside the view area (h counts the heading row) */
};

/* Rows of the pane used by lines (its height less the heading). */
int pane_rows(const struct pane *p);
void pane_set_title(struct pane *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Move the selection by delta selectable lines (or scroll when nothing is selectable); returns true
 * if the selection or scroll position changed. */
bool pane_move(struct pane *p, int delta);
bool pane_page(struct pane *p, int dir);
bool pane_home(struct pane *p, int last);
/* Scroll the columns by delta (clamped so some text stays visible); true if it moved. */
bool pane_hscroll(struct pane *p, int delta);
/* Select line i (nearest selectable line at or after it, else before), and make it visible. */
void pane_select(struct pane *p, int i);
/* Select the first selectable line whose item == item (and data == data when data >= 0). */
bool pane_select_item(struct pane *p, int item, int data);
/* Put the selection in the middle of the pane when possible (a pane not yet placed is centred by
 * view_resize once it is: set p->center instead). */
void pane_center(struct pane *p);
void pane_fix_scroll(struct pane *p);
/* Search for term (case-insensitive) in the lines after (dir > 0) or before (dir < 0) the
 * selection, wrapping; selects the match. Returns true if found. */
bool pane_search(struct pane *p, const char *term, int dir);
/* The selected line, or NULL. */
const struct tline *pane_selected(const struct pane *p);

#define VIEW_MAX_PANES 4

struct view;

struct view_ops {
	const char *name;                                   /* shown in the status bar */
	void (*build)(struct view *v);                      /* (re)build the documents for v->w x v->h */
	void (*layout)(struct view *v);                     /* place panes; NULL: pane 0 fills the view */
	unsigned (*request)(struct view *v, enum request req); /* TUI_UNHANDLED if not for this view */
	void (*selected)(struct view *v, int pane);         /* selection moved in pane; may be NULL */
	void (*status)(const struct view *v, char *buf, size_t len); /* extra status text; may be NULL */
	void (*free)(struct view *v);                       /* free priv; may be NULL */
};

struct view {
	const struct view_ops *ops;
	struct tui *tui;
	char *title;       /* top bar */
	struct pane panes[VIEW_MAX_PANES];
	int npanes;
	int focus;         /* pane with the keyboard */
	int w, h;          /* size of the view area */
	void *priv;
};

struct view *view_new(struct tui *t, const struct view_ops *ops, int npanes, void *priv);
void view_free(struct view *v);
void view_set_title(struct view *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Rebuild and lay out for a w x h area, keeping selections where possible. */
void view_resize(struct view *v, int w, int h);
/* Stack panes vertically: heights proportional to weights (0: as many rows as its lines, capped). */
void view_layout_rows(struct view *v, const int *weights);
/* Put panes side by side, equal widths, separated by one column. */
void view_layout_columns(struct view *v);
struct pane *view_focused(struct view *v);

#endif

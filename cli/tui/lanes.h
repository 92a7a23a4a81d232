/* lanes.h - drawing rows of lanes, one lane (a fixed-width column) per thread: the part shared by
 * the happens-before timeline (timeline.c) and the explored schedule (schedule_view.c). Pure: it
 * fills document lines, it never draws.
 *
 * Semantics: a picture is a grid of cells, rows x (lanes * lane width). Each cell holds the line
 * connections that pass through it (up, down, left, right) and maybe an arrow head, so shared and
 * crossing lines become the right junction character (├ ┴ ┼) whatever order they were added in.
 * Labels are written over the grid, each in its own lane:
 *   columns inside a lane: 0 arrow head from the left; 1..W-4 label; W-3 arrow head from the right
 *   (after a shorter label); W-2 the rail; W-1 gap.
 */
#ifndef WEFT_TUI_LANES_H
#define WEFT_TUI_LANES_H

#include "tui/canvas.h"
#include "tui/tui.h"
#include "tui/view.h"

enum { LANES_UP = 1, LANES_DOWN = 2, LANES_LEFT = 4, LANES_RIGHT = 8 };
enum { LANES_HEAD_NONE, LANES_HEAD_RIGHT, LANES_HEAD_LEFT };

struct lanes_cell {
	unsigned char conn, head;
};

/* A grid of rows x nlanes lanes of lane_w columns (cells all empty). */
struct lanes_grid {
	struct lanes_cell *cells;
	int rows, width, lane_w;
};

void lanes_grid_init(struct lanes_grid *g, int rows, int nlanes, int lane_w);
void lanes_grid_free(struct lanes_grid *g);

/* Draw an arrow from lane la at row ra (ra < 0: the source is above the grid) to lane lb at row rb
 * (ra < rb, la != lb); label_a and label_b are the widths of the labels in those rows: the arrow
 * starts after the source label and its head sits beside the target label. */
void lanes_arrow(struct lanes_grid *g, int ra, int rb, int la, int lb, int label_a, int label_b);

/* A label to write in a row: text (ASCII) in lane `lane`, cut to the label width. */
struct lanes_label {
	int lane;
	const char *text;
	enum style style;
};

/* Append to l the row r of g (NULL: no lines; then width is nlanes * lane_w) with its labels, up to
 * the last column that has something in it. */
void lanes_render_row(struct tline *l, const struct lanes_grid *g, int r, int nlanes, int lane_w,
                      const struct lanes_label *labels, int nlabels, const struct tui_glyphs *gl);

/* Label width of a lane: lane_w - 4. */
int lanes_label_w(int lane_w);
/* Lanes of lane_w columns that fit in w columns after a gutter (at least 1). */
int lanes_fit(int w, int gutter, int lane_w);

#endif

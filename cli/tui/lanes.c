/* lanes.c - rows of lanes with line-drawn arrows between them (see lanes.h). */
#include "tui/lanes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lanes_grid_init(struct lanes_grid *g, int rows, int nlanes, int lane_w)
{
	g->rows = rows > 0 ? rows : 0;
	g->lane_w = lane_w;
	g->width = nlanes > 0 ? nlanes * lane_w : 0;
	g->cells = NULL;
	if (g->rows && g->width) {
		g->cells = calloc((size_t)g->rows * (size_t)g->width, sizeof *g->cells);
		if (!g->cells)
			abort();
	}
}

void lanes_grid_free(struct lanes_grid *g)
{
	free(g->cells);
	g->cells = NULL;
}

int lanes_label_w(int lane_w)
{
	return lane_w - 4;
}

int lanes_fit(int w, int gutter, int lane_w)
{
	int n = (w - gutter) / lane_w;
	return n < 1 ? 1 : n;
}

static const char *box(unsigned conn, bool ascii)
{
	static const char *const uni[16] = {
		" ", "\u2502", "\u2502", "\u2502", "\u2500", "\u2518", "\u2510", "\u2524",
		"\u2500", "\u2514", "\u250c", "\u251c", "\u2500", "\u2534", "\u252c", "\u253c",
	};
	static const char *const asc[16] = {" ", "|", "|", "|", "-", "+", "+", "+",
	                                    "-", "+", "+", "+", "-", "+", "+", "+"};
	return ascii ? asc[conn & 15] : uni[conn & 15];
}

void lanes_arrow(struct lanes_grid *g, int ra, int rb, int la, int lb, int label_a, int label_b)
{
	int W = g->lane_w, width = g->width;
	if (!g->cells || rb < 0 || rb >= g->rows || ra >= rb || la == lb || (la + 1) * W > width || (lb + 1) * W > width)
		return;
	struct lanes_cell *c = g->cells;
	int rail = la * W + W - 2;
	if (ra >= 0) {
		for (int x = la * W + 1 + label_a; x < rail; x++)
			c[ra * width + x].conn |= LANES_LEFT | LANES_RIGHT;
		c[ra * width + rail].conn |= LANES_LEFT | LANES_DOWN;
	}
	for (int r = ra + 1; r < rb; r++)
		c[r * width + rail].conn |= LANES_UP | LANES_DOWN;
	struct lanes_cell *row = &c[rb * width];
	row[rail].conn |= LANES_UP;
	if (lb > la) {
		row[rail].conn |= LANES_RIGHT;
		int head = lb * W;
		for (int x = rail + 1; x < head; x++)
			row[x].conn |= LANES_LEFT | LANES_RIGHT;
		row[head].head = LANES_HEAD_RIGHT;
	} else {
		row[rail].conn |= LANES_LEFT;
		int head = lb * W + 1 + label_b;
		for (int x = head + 1; x < rail; x++)
			row[x].conn |= LANES_LEFT | LANES_RIGHT;
		row[head].head = LANES_HEAD_LEFT;
	}
}

/* A growing run of text of one style. */
struct run {
	char *s;
	size_t n, cap;
};

static void run_add(struct run *r, const char *s)
{
	size_t k = strlen(s);
	if (r->n + k + 1 > r->cap) {
		r->cap = (r->n + k + 1) * 2;
		r->s = realloc(r->s, r->cap);
		if (!r->s)
			abort();
	}
	memcpy(r->s + r->n, s, k + 1);
	r->n += k;
}

void lanes_render_row(struct tline *l, const struct lanes_grid *g, int r, int nlanes, int lane_w,
                      const struct lanes_label *labels, int nlabels, const struct tui_glyphs *gl)
{
	int width = nlanes * lane_w, lw = lanes_label_w(lane_w);
	const struct lanes_cell *row = g && g->cells && r >= 0 && r < g->rows && g->width == width
	                                   ? &g->cells[(size_t)r * (size_t)width] : NULL;
	bool ascii = strcmp(gl->h, "-") == 0;
	/* the label over each column: its index in labels, -1 for none */
	int *over = malloc((size_t)(width > 0 ? width : 1) * sizeof *over);
	if (!over)
		abort();
	int end = 0;
	for (int x = 0; x < width; x++)
		over[x] = -1;
	for (int k = 0; k < nlabels; k++) {
		const struct lanes_label *lb = &labels[k];
		if (lb->lane < 0 || lb->lane >= nlanes || !lb->text)
			continue;
		int n = (int)strlen(lb->text), x0 = lb->lane * lane_w + 1;
		if (n > lw)
			n = lw;
		for (int x = x0; x < x0 + n; x++)
			over[x] = k;
		if (x0 + n > end)
			end = x0 + n;
	}
	for (int x = width - 1; row && x >= end; x--)
		if (row[x].conn || row[x].head) {
			end = x + 1;
			break;
		}
	struct run text = {0};
	enum style cur = STYLE_NORMAL;
	for (int x = 0; x < end; x++) {
		char ch[8];
		enum style st;
		if (over[x] >= 0) {
			const struct lanes_label *lb = &labels[over[x]];
			ch[0] = lb->text[x - (lb->lane * lane_w + 1)];
			ch[1] = 0;
			st = lb->style;
		} else if (row && row[x].head) {
			snprintf(ch, sizeof ch, "%s", row[x].head == LANES_HEAD_RIGHT ? gl->right : gl->left);
			st = STYLE_ARROW;
		} else if (row && row[x].conn) {
			snprintf(ch, sizeof ch, "%s", box(row[x].conn, ascii));
			st = STYLE_ARROW;
		} else {
			ch[0] = ' ';
			ch[1] = 0;
			st = STYLE_NORMAL;
		}
		if (st != cur && text.n) {
			line_add(l, cur, "%s", text.s);
			text.n = 0;
			text.s[0] = 0;
		}
		cur = st;
		run_add(&text, ch);
	}
	if (text.n)
		line_add(l, cur, "%s", text.s);
	free(text.s);
	free(over);
}

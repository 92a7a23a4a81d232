/* canvas.h - a grid of styled characters: what the screen shows, without curses.
 *
 * Views draw into a canvas; the screen manager copies it to the terminal and the script runner
 * dumps it as text, so a golden file shows exactly what a user sees. Characters are Unicode code
 * points of width 1 (wide characters are drawn as '?' to keep one cell per column).
 */
#ifndef WEFT_TUI_CANVAS_H
#define WEFT_TUI_CANVAS_H

#include <stdint.h>
#include <stdio.h>

enum style {
#define STYLE(e, letter, fg, bg, mono) STYLE_##e,
#include "tui/style.def"
#undef STYLE
	STYLE_COUNT
};

struct canvas_cell {
	uint32_t ch;
	uint8_t style;
};

struct canvas {
	int w, h;
	struct canvas_cell *cells; /* h rows of w cells */
};

/* Make the canvas w x h and blank (w, h >= 1). */
void canvas_resize(struct canvas *c, int w, int h);
void canvas_free(struct canvas *c);
void canvas_clear(struct canvas *c);

/* Put one character; outside the canvas is ignored. */
void canvas_put(struct canvas *c, int x, int y, uint32_t ch, enum style st);

/* Fill a rectangle with a character. */
void canvas_fill(struct canvas *c, int x, int y, int w, int h, uint32_t ch, enum style st);

/* Set the style of a run of cells without changing the characters. */
void canvas_restyle(struct canvas *c, int x, int y, int w, enum style st);

/* Draw UTF-8 text from (x, y), at most maxw columns; returns the columns used. Control characters
 * and invalid bytes show as '?'. */
int canvas_text(struct canvas *c, int x, int y, int maxw, const char *utf8, enum style st);

/* Write the canvas as UTF-8 text, one line per row, trailing blanks removed. With attrs, each row is
 * followed by a row of style letters (style.def) for the same columns. */
void canvas_dump(const struct canvas *c, FILE *out, int attrs);

/* Decode one UTF-8 character from s (at most n bytes); stores the code point (U+FFFD for invalid
 * bytes) and returns the bytes used (>= 1 when n >= 1). */
int canvas_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Number of columns the UTF-8 text takes on a canvas. */
int canvas_text_width(const char *utf8);

#endif

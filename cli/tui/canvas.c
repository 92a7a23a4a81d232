/* canvas.c - a grid of styled characters (see canvas.h). No curses here. */
#include "tui/canvas.h"

#include <stdlib.h>
#include <string.h>

void canvas_resize(struct canvas *c, int w, int h)
{
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	free(c->cells);
	c->w = w;
	c->h = h;
	c->cells = calloc((size_t)w * (size_t)h, sizeof *c->cells);
	if (!c->cells)
		abort();
	canvas_clear(c);
}

void canvas_free(struct canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->w = c->h = 0;
}

void canvas_clear(struct canvas *c)
{
	canvas_fill(c, 0, 0, c->w, c->h, ' ', STYLE_NORMAL);
}

void canvas_put(struct canvas *c, int x, int y, uint32_t ch, enum style st)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return;
	struct canvas_cell *cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
	cell->ch = ch;
	cell->style = (uint8_t)st;
}

void canvas_fill(struct canvas *c, int x, int y, int w, int h, uint32_t ch, enum style st)
{
	for (int j = y; j < y + h; j++)
		for (int i = x; i < x + w; i++)
			canvas_put(c, i, j, ch, st);
}

void canvas_restyle(struct canvas *c, int x, int y, int w, enum style st)
{
	if (y < 0 || y >= c->h)
		return;
	for (int i = x < 0 ? 0 : x; i < x + w && i < c->w; i++)
		c->cells[(size_t)y * (size_t)c->w + (size_t)i].style = (uint8_t)st;
}

int canvas_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0) {
		*cp = 0;
		return 0;
	}
	unsigned c0 = s[0];
	int len = c0 < 0x80 ? 1 : (c0 & 0xe0) == 0xc0 ? 2 : (c0 & 0xf0) == 0xe0 ? 3 : (c0 & 0xf8) == 0xf0 ? 4 : 0;
	if (len == 0 || (size_t)len > n) {
		*cp = 0xfffd;
		return 1;
	}
	uint32_t v = len == 1 ? c0 : len == 2 ? (c0 & 0x1f) : len == 3 ? (c0 & 0x0f) : (c0 & 0x07);
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (v < min[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = v;
	return len;
}

/* One column per cell: control characters and characters that may take two columns become '?'.
 * Punctuation, arrows, box drawing and shapes (U+2000..U+2BFF) are one column. */
static uint32_t printable(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return '?';
	if (cp >= 0x1100 && !(cp >= 0x2000 && cp < 0x2c00) && cp != 0xfffd)
		return '?';
	return cp;
}

int canvas_text(struct canvas *c, int x, int y, int maxw, const char *utf8, enum style st)
{
	int used = 0;
	size_t n = strlen(utf8);
	while (n > 0 && used < maxw) {
		uint32_t cp;
		int k = canvas_utf8_decode(utf8, n, &cp);
		utf8 += k;
		n -= (size_t)k;
		canvas_put(c, x + used, y, printable(cp), st);
		used++;
	}
	return used;
}

int canvas_text_width(const char *utf8)
{
	int w = 0;
	size_t n = strlen(utf8);
	while (n > 0) {
		uint32_t cp;
		int k = canvas_utf8_decode(utf8, n, &cp);
		utf8 += k;
		n -= (size_t)k;
		w++;
	}
	return w;
}

static void put_utf8(uint32_t cp, FILE *out)
{
	if (cp < 0x80) {
		fputc((int)cp, out);
	} else if (cp < 0x800) {
		fputc((int)(0xc0 | (cp >> 6)), out);
		fputc((int)(0x80 | (cp & 0x3f)), out);
	} else if (cp < 0x10000) {
		fputc((int)(0xe0 | (cp >> 12)), out);
		fputc((int)(0x80 | ((cp >> 6) & 0x3f)), out);
		fputc((int)(0x80 | (cp & 0x3f)), out);
	} else {
		fputc((int)(0xf0 | (cp >> 18)), out);
		fputc((int)(0x80 | ((cp >> 12) & 0x3f)), out);
		fputc((int)(0x80 | ((cp >> 6) & 0x3f)), out);
		fputc((int)(0x80 | (cp & 0x3f)), out);
	}
}

static const char style_letters[STYLE_COUNT] = {
#define STYLE(e, letter, fg, bg, mono) letter,
#include "tui/style.def"
#undef STYLE
};

void canvas_dump(const struct canvas *c, FILE *out, int attrs)
{
	for (int y = 0; y < c->h; y++) {
		const struct canvas_cell *row = &c->cells[(size_t)y * (size_t)c->w];
		int end = c->w;
		while (end > 0 && row[end - 1].ch == ' ' && (!attrs || row[end - 1].style == STYLE_NORMAL))
			end--;
		for (int x = 0; x < end; x++)
			put_utf8(row[x].ch, out);
		fputc('\n', out);
		if (attrs) {
			for (int x = 0; x < end; x++)
				fputc(style_letters[row[x].style], out);
			fputc('\n', out);
		}
	}
}

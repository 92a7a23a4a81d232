/* keys.h - key codes seen by the viewer model, independent of curses.
 *
 * A key is an int: a Unicode code point for a character (Enter is '\n', Tab '\t', Esc 27,
 * Backspace 127), or one of the TK_* codes below for keys without a character. The screen manager
 * (screen.c) turns curses keys into these; the script runner (script.c) turns "<Up>" into them.
 */
#ifndef WEFT_TUI_KEYS_H
#define WEFT_TUI_KEYS_H

#include <stddef.h>

/* X(enum suffix, name in scripts and in the help) */
#define TUI_SPECIAL_KEYS(X) \
	X(UP, "Up")         \
	X(DOWN, "Down")     \
	X(LEFT, "Left")     \
	X(RIGHT, "Right")   \
	X(PGUP, "PgUp")     \
	X(PGDN, "PgDn")     \
	X(HOME, "Home")     \
	X(END, "End")       \
	X(BTAB, "S-Tab")    \
	X(RESIZE, "Resize")

enum {
	TK_BASE = 0x200000, /* above every Unicode code point */
#define X(e, name) TK_##e,
	TUI_SPECIAL_KEYS(X)
#undef X
	TK_LAST
};

#define TK_ENTER '\n'
#define TK_TAB '\t'
#define TK_ESC 27
#define TK_BACKSPACE 127
#define TK_CTRL(c) ((c) & 0x1f)

/* Name of a key for the help and the scripts: "j", "Enter", "Up", "^L". Returns buf. */
char *keys_name(int key, char *buf, size_t len);

/* Parse one key name as written between <> in a script ("Enter", "Up", "^L", "lt" for '<'); -1 if
 * unknown. */
int keys_parse_name(const char *name, size_t len);

#endif

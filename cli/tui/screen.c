/* screen.c - the screen manager (see screen.h). Every curses call of weft is in this file.
 *
 * Rules: the terminal is restored before anything else happens on the way out (signal handlers call
 * endwin() first, then re-raise with the default action so the exit status tells what happened);
 * the screen is drawn only when the model says TUI_REDRAW; colours are used when the terminal has
 * them and NO_COLOR is not set, and every style has a mono attribute (style.def) so the viewer stays
 * readable without.
 */
#include "tui/screen.h"

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/canvas.h"
#include "tui/keys.h"
#include "tui/request.h"

/* Set while curses owns the terminal; read by the signal handlers and the atexit handler. */
static volatile sig_atomic_t screen_active;

static void restore_terminal(void)
{
	if (screen_active) {
		screen_active = 0;
		endwin();
	}
}

static void fatal_signal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                                    SIGINT,  SIGTERM, SIGHUP, SIGQUIT};

static void install_handlers(void)
{
	static bool atexit_done;
	if (!atexit_done) {
		atexit(restore_terminal);
		atexit_done = true;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fatal_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
		sigaction(fatal_signals[i], &sa, NULL);
}

static void remove_handlers(void)
{
	for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
		signal(fatal_signals[i], SIG_DFL);
}

/* ---- styles ---- */

enum { MONO_NORMAL = 0, MONO_BOLD = 1, MONO_REVERSE = 2, MONO_UNDERLINE = 4, MONO_DIM = 8 };
enum { C_DEFAULT = -1, C_BLACK = COLOR_BLACK, C_RED = COLOR_RED, C_GREEN = COLOR_GREEN,
       C_YELLOW = COLOR_YELLOW, C_BLUE = COLOR_BLUE, C_MAGENTA = COLOR_MAGENTA, C_CYAN = COLOR_CYAN,
       C_WHITE = COLOR_WHITE };

static const struct {
	short fg, bg;
	int mono;
} style_table[STYLE_COUNT] = {
#define STYLE(e, letter, f, b, m) [STYLE_##e] = {C_##f, C_##b, MONO_##m},
#include "tui/style.def"
#undef STYLE
};

static attr_t style_attr[STYLE_COUNT];
static short style_pair[STYLE_COUNT];

static attr_t mono_attr(int m)
{
	attr_t a = A_NORMAL;
	if (m & MONO_BOLD)
		a |= A_BOLD;
	if (m & MONO_REVERSE)
		a |= A_REVERSE;
	if (m & MONO_UNDERLINE)
		a |= A_UNDERLINE;
	if (m & MONO_DIM)
		a |= A_DIM;
	return a;
}

static void setup_styles(void)
{
	bool color = has_colors() && !getenv("NO_COLOR");
	if (color && start_color() != OK)
		color = false;
	bool defaults = color && use_default_colors() == OK;
	for (int s = 0; s < STYLE_COUNT; s++) {
		style_pair[s] = 0;
		style_attr[s] = mono_attr(style_table[s].mono);
		if (!color || (style_table[s].fg == C_DEFAULT && style_table[s].bg == C_DEFAULT))
			continue;
		short fg = style_table[s].fg, bg = style_table[s].bg;
		if (!defaults) {
			if (fg == C_DEFAULT)
				fg = COLOR_WHITE;
			if (bg == C_DEFAULT)
				bg = COLOR_BLACK;
		}
		if (s + 1 < COLOR_PAIRS && init_pair((short)(s + 1), fg, bg) == OK) {
			style_pair[s] = (short)(s + 1);
			/* With colours, keep only what helps reading: bold and underline. */
			style_attr[s] &= A_BOLD | A_UNDERLINE;
		}
	}
}

/* ---- drawing ---- */

static void blit(const struct canvas *c, bool utf8)
{
	for (int y = 0; y < c->h; y++) {
		for (int x = 0; x < c->w; x++) {
			const struct canvas_cell *cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
			wchar_t wc[2] = {(wchar_t)cell->ch, 0};
			if (!utf8 && cell->ch > 126)
				wc[0] = L'?';
			cchar_t cc;
			setcchar(&cc, wc, style_attr[cell->style], style_pair[cell->style], NULL);
			/* The bottom-right cell makes some terminals scroll: curses reports ERR there. */
			mvadd_wch(y, x, &cc);
		}
	}
}

/* ---- keys ---- */

static int map_key(int kind, wint_t k)
{
	if (kind == OK) {
		if (k == '\r' || k == '\n')
			return TK_ENTER;
		if (k == 8 || k == 127)
			return TK_BACKSPACE;
		return (int)k;
	}
	switch (k) {
	case KEY_UP: return TK_UP;
	case KEY_DOWN: return TK_DOWN;
	case KEY_LEFT: return TK_LEFT;
	case KEY_RIGHT: return TK_RIGHT;
	case KEY_PPAGE: return TK_PGUP;
	case KEY_NPAGE: return TK_PGDN;
	case KEY_HOME: return TK_HOME;
	case KEY_END: return TK_END;
	case KEY_BTAB: return TK_BTAB;
	case KEY_ENTER: return TK_ENTER;
	case KEY_BACKSPACE: return TK_BACKSPACE;
	case KEY_RESIZE: return TK_RESIZE;
	default: return 0;
	}
}

int screen_run(const struct report *r, const struct tui_options *opt, char *err, size_t errlen)
{
	const char *cs = nl_langinfo(CODESET);
	bool utf8 = cs && strcmp(cs, "UTF-8") == 0;
	struct tui_options o = *opt;
	if (!utf8)
		o.ascii = true;

	/* Esc is a key of its own here: wait only briefly for the rest of an escape sequence. */
	set_escdelay(25);
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		snprintf(err, errlen, "cannot use the terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	set_term(scr);
	screen_active = 1;
	install_handlers();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	setup_styles();

	struct tui *t = tui_new(r, &o);
	struct canvas c = {0, 0, NULL};
	tui_resize(t, COLS, LINES);
	unsigned flags = TUI_REDRAW;
	const char *crash_key = getenv("WEFT_VIEW_CRASH_KEY"); /* tests: prove the crash handler works */
	for (;;) {
		if (flags & TUI_REDRAW) {
			tui_render(t, &c);
			blit(&c, utf8);
			refresh();
		}
		wint_t k;
		int kind = get_wch(&k);
		if (kind == ERR)
			continue;
		int key = map_key(kind, k);
		if (key == TK_RESIZE) {
			flags = tui_resize(t, COLS, LINES);
			continue;
		}
		if (crash_key && key == crash_key[0])
			raise(SIGSEGV);
		if (request_from_key(key) == REQ_REFRESH)
			clearok(curscr, TRUE);
		flags = tui_key(t, key);
		if (flags & TUI_QUIT)
			break;
	}
	restore_terminal();
	delscreen(scr);
	remove_handlers();
	canvas_free(&c);
	tui_free(t);
	return 0;
}

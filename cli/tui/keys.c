/* keys.c - names of keys, for the help view and for scripted keys. */
#include "tui/keys.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const special_names[] = {
#define X(e, name) name,
	TUI_SPECIAL_KEYS(X)
#undef X
};

static const struct {
	int key;
	const char *name;
} named_chars[] = {
	{TK_ENTER, "Enter"}, {TK_TAB, "Tab"}, {TK_ESC, "Esc"}, {TK_BACKSPACE, "Backspace"},
	{' ', "Space"},      {'<', "lt"},
};

char *keys_name(int key, char *buf, size_t len)
{
	if (key > TK_BASE && key < TK_LAST) {
		snprintf(buf, len, "%s", special_names[key - TK_BASE - 1]);
		return buf;
	}
	for (size_t i = 0; i < sizeof named_chars / sizeof named_chars[0]; i++)
		if (named_chars[i].key == key && key != '<') {
			snprintf(buf, len, "%s", named_chars[i].name);
			return buf;
		}
	if (key > 0 && key < 32)
		snprintf(buf, len, "^%c", key + '@');
	else if (key < 128)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "U+%04X", (unsigned)key);
	return buf;
}

int keys_parse_name(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof special_names / sizeof special_names[0]; i++)
		if (strlen(special_names[i]) == len && strncasecmp(special_names[i], name, len) == 0)
			return TK_BASE + 1 + (int)i;
	for (size_t i = 0; i < sizeof named_chars / sizeof named_chars[0]; i++)
		if (strlen(named_chars[i].name) == len && strncasecmp(named_chars[i].name, name, len) == 0)
			return named_chars[i].key;
	if (len == 2 && name[0] == '^' && name[1] >= '@' && name[1] <= '_')
		return name[1] - '@';
	if (len == 2 && name[0] == '^' && name[1] >= 'a' && name[1] <= 'z')
		return name[1] - 'a' + 1;
	if ((len == 2 && strncasecmp(name, "BS", 2) == 0))
		return TK_BACKSPACE;
	return -1;
}

/* request.c - the key bindings and help texts of request.def. */
#include "tui/request.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *group; /* non-NULL for a group title entry */
	enum request req;
	const char *name;
	int keys[3];
	const char *help;
} table[] = {
#define GROUP(title) {title, REQ_NONE, NULL, {0, 0, 0}, NULL},
#define REQ(e, nm, k1, k2, k3, hlp) {NULL, REQ_##e, nm, {k1, k2, k3}, hlp},
#include "tui/request.def"
#undef REQ
#undef GROUP
};

#define TABLE_LEN (sizeof table / sizeof table[0])

enum request request_from_key(int key)
{
	if (key == 0)
		return REQ_NONE;
	for (size_t i = 0; i < TABLE_LEN; i++)
		for (int k = 0; k < 3; k++)
			if (!table[i].group && table[i].keys[k] == key)
				return table[i].req;
	/* Terminals differ on what Backspace sends. */
	if (key == 8)
		return REQ_BACK;
	return REQ_NONE;
}

static int find(enum request req)
{
	for (size_t i = 0; i < TABLE_LEN; i++)
		if (!table[i].group && table[i].req == req)
			return (int)i;
	return -1;
}

const char *request_name(enum request req)
{
	int i = find(req);
	return i < 0 ? NULL : table[i].name;
}

const char *request_help(enum request req)
{
	int i = find(req);
	return i < 0 ? NULL : table[i].help;
}

char *request_keys(enum request req, char *buf, size_t len)
{
	int i = find(req);
	buf[0] = 0;
	if (i < 0)
		return buf;
	for (int k = 0; k < 3; k++) {
		if (!table[i].keys[k])
			continue;
		char name[32];
		keys_name(table[i].keys[k], name, sizeof name);
		size_t used = strlen(buf);
		snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
	}
	return buf;
}

void request_foreach(void (*fn)(void *arg, const char *group, enum request req), void *arg)
{
	for (size_t i = 0; i < TABLE_LEN; i++)
		fn(arg, table[i].group, table[i].req);
}

/* request.h - what a key asks the viewer to do (the table is request.def). */
#ifndef WEFT_TUI_REQUEST_H
#define WEFT_TUI_REQUEST_H

#include <stddef.h>

#include "tui/keys.h"

enum request {
	REQ_NONE,
#define GROUP(title)
#define REQ(e, name, k1, k2, k3, help) REQ_##e,
#include "tui/request.def"
#undef REQ
#undef GROUP
	REQ_COUNT
};

/* The request bound to a key, REQ_NONE if none. */
enum request request_from_key(int key);

/* Name ("move-up") and help text of a request; NULL for REQ_NONE or out of range. */
const char *request_name(enum request req);
const char *request_help(enum request req);

/* The keys of a request, written "Up, k" into buf. */
char *request_keys(enum request req, char *buf, size_t len);

/* Walk the table in help order: call fn for each group title (req == REQ_NONE) and request. */
void request_foreach(void (*fn)(void *arg, const char *group, enum request req), void *arg);

#endif

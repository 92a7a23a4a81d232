/* schedule.h - schedule files (docs/schedule-format.md): text, versioned; what `weft explore`
 * saves for a failing run and `weft replay` follows. */
#ifndef WEFT_SCHEDULE_H
#define WEFT_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#define SCHEDULE_VERSION 1

struct schedule {
	char *program;        /* absolute path */
	size_t argc;
	char **argv;
	char *strategy;
	uint64_t seed;
	long run;
	char *failure;        /* failure kind, NULL when none */
	long preemptions;
	size_t n;             /* decisions */
	uint16_t *decisions;  /* thread id chosen at each step */
};

/* Write atomically (temporary name, then rename): 0, or -1 with a message in err. */
int schedule_write(const struct schedule *s, const char *path, char *err, size_t errlen);
/* Read: 0, or -1 with a message (file, line, problem) in err. */
int schedule_read(const char *path, struct schedule *s, char *err, size_t errlen);
void schedule_free(struct schedule *s);

#endif

/* schedule.c - writing and reading schedule files (format in docs/schedule-format.md).
 *
 * Arguments are percent-encoded (space, '%', control bytes) so that every line splits on blanks;
 * decisions are written as thread ids, runs of one thread as ID*COUNT, at most 32 tokens a line.
 */
#include "schedule.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put_enc(FILE *f, const char *s)
{
	if (!*s)
		fputs("%", f); /* a lone '%': the empty string */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= ' ' || *p == '%' || *p >= 0x7f)
			fprintf(f, "%%%02x", *p);
		else
			fputc(*p, f);
	}
}

static char *dec(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	if (strcmp(s, "%") == 0) {
		*o = 0;
		return out;
	}
	for (const char *p = s; *p; p++) {
		unsigned v;
		if (*p == '%' && sscanf(p + 1, "%2x", &v) == 1) {
			*o++ = (char)v;
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
	return out;
}

int schedule_write(const struct schedule *s, const char *path, char *err, size_t errlen)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "weft-schedule %d\n", SCHEDULE_VERSION);
	fputs("program ", f);
	put_enc(f, s->program ? s->program : "");
	fprintf(f, "\nargc %zu\n", s->argc);
	for (size_t i = 0; i < s->argc; i++) {
		fputs("arg ", f);
		put_enc(f, s->argv[i]);
		fputc('\n', f);
	}
	fprintf(f, "strategy %s\nseed %llu\nrun %ld\nfailure %s\npreemptions %ld\nsteps %zu\n",
		s->strategy ? s->strategy : "random", (unsigned long long)s->seed, s->run,
		s->failure ? s->failure : "none", s->preemptions, s->n);
	size_t tokens = 0;
	for (size_t i = 0; i < s->n;) {
		size_t j = i;
		while (j < s->n && s->decisions[j] == s->decisions[i])
			j++;
		if (tokens % 32 == 0)
			fputs(tokens ? "\ndecisions" : "decisions", f);
		if (j - i > 1)
			fprintf(f, " %u*%zu", s->decisions[i], j - i);
		else
			fprintf(f, " %u", s->decisions[i]);
		tokens++;
		i = j;
	}
	fputs(tokens ? "\nend\n" : "end\n", f);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void schedule_free(struct schedule *s)
{
	free(s->program);
	for (size_t i = 0; i < s->argc; i++)
		free(s->argv[i]);
	free(s->argv);
	free(s->strategy);
	free(s->failure);
	free(s->decisions);
	memset(s, 0, sizeof *s);
}

int schedule_read(const char *path, struct schedule *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read schedule %s: %s", path, strerror(errno));
		return -1;
	}
	char line[8192];
	int lineno = 0, version = -1;
	size_t nargs = 0, cap = 0, want_steps = 0;
	bool ended = false;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		char *sp = strchr(line, ' ');
		char *val = sp ? sp + 1 : line + strlen(line);
		if (sp)
			*sp = 0;
		const char *key = line;
		if (version < 0) {
			if (strcmp(key, "weft-schedule") != 0) {
				snprintf(err, errlen, "%s: not a weft schedule file (no 'weft-schedule' first line)", path);
				goto bad;
			}
			version = atoi(val);
			if (version != SCHEDULE_VERSION) {
				snprintf(err, errlen, "%s: schedule format version %d is not supported (this weft reads %d)", path,
					 version, SCHEDULE_VERSION);
				goto bad;
			}
		} else if (strcmp(key, "program") == 0) {
			s->program = dec(val);
		} else if (strcmp(key, "argc") == 0) {
			s->argc = strtoul(val, NULL, 10);
			if (s->argc > 100000) {
				snprintf(err, errlen, "%s:%d: bad argc", path, lineno);
				goto bad;
			}
			s->argv = calloc(s->argc + 1, sizeof *s->argv);
		} else if (strcmp(key, "arg") == 0) {
			if (nargs >= s->argc) {
				snprintf(err, errlen, "%s:%d: more 'arg' lines than argc", path, lineno);
				goto bad;
			}
			s->argv[nargs++] = dec(val);
		} else if (strcmp(key, "strategy") == 0) {
			s->strategy = strdup(val);
		} else if (strcmp(key, "seed") == 0) {
			s->seed = strtoull(val, NULL, 10);
		} else if (strcmp(key, "run") == 0) {
			s->run = strtol(val, NULL, 10);
		} else if (strcmp(key, "failure") == 0) {
			s->failure = strcmp(val, "none") ? strdup(val) : NULL;
		} else if (strcmp(key, "preemptions") == 0) {
			s->preemptions = strtol(val, NULL, 10);
		} else if (strcmp(key, "steps") == 0) {
			want_steps = strtoul(val, NULL, 10);
		} else if (strcmp(key, "decisions") == 0) {
			for (char *tok = strtok(val, " "); tok; tok = strtok(NULL, " ")) {
				char *end;
				unsigned long id = strtoul(tok, &end, 10), count = 1;
				if (*end == '*')
					count = strtoul(end + 1, &end, 10);
				if (*end || end == tok || id >= 65535 || count == 0 || count > 10000000) {
					snprintf(err, errlen, "%s:%d: bad decision '%s'", path, lineno, tok);
					goto bad;
				}
				if (s->n + count > cap) {
					cap = (s->n + count) * 2;
					s->decisions = realloc(s->decisions, cap * sizeof *s->decisions);
				}
				for (unsigned long k = 0; k < count; k++)
					s->decisions[s->n++] = (uint16_t)id;
			}
		} else if (strcmp(key, "end") == 0) {
			ended = true;
			break;
		}
		/* unknown keys are ignored: later versions of the format only add lines */
	}
	fclose(f);
	f = NULL;
	if (version < 0 || !ended) {
		snprintf(err, errlen, "%s: %s", path, version < 0 ? "empty file" : "truncated (no 'end' line)");
		goto bad;
	}
	if (!s->program || nargs != s->argc) {
		snprintf(err, errlen, "%s: no program or missing arguments", path);
		goto bad;
	}
	if (want_steps != s->n) {
		snprintf(err, errlen, "%s: 'steps %zu' but %zu decisions", path, want_steps, s->n);
		goto bad;
	}
	return 0;
bad:
	if (f)
		fclose(f);
	schedule_free(s);
	return -1;
}

/* output.c - one entry point for every output format (see output.h). Files are written under a
 * temporary name in the same directory and renamed, so a CI step never uploads half a file. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt_dot.h"
#include "fmt_junit.h"
#include "fmt_sarif.h"
#include "report_text.h"

static const char *const format_names[] = {
#define X(e, name) name,
	OUTPUT_FORMATS(X)
#undef X
};

int output_format_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(format_names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *output_format_name(enum output_format f)
{
	return (size_t)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : "?";
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

enum output_format output_format_from_path(const char *path)
{
	if (ends_with(path, ".sarif") || ends_with(path, ".sarif.json"))
		return OUTPUT_SARIF;
	if (ends_with(path, ".json"))
		return OUTPUT_JSON;
	if (ends_with(path, ".xml"))
		return OUTPUT_JUNIT;
	if (ends_with(path, ".dot") || ends_with(path, ".gv"))
		return OUTPUT_DOT;
	return OUTPUT_TEXT;
}

void output_text(struct report *const *reports, size_t n, const char *program, FILE *out, unsigned text_flags)
{
	unsigned total[REPORT_KIND_COUNT] = {0};
	for (size_t i = 0; i < n; i++) {
		unsigned c[REPORT_KIND_COUNT];
		report_format_text(reports[i], out, text_flags | REPORT_TEXT_NO_SUMMARY);
		report_count_kinds(reports[i], c);
		for (int k = 0; k < REPORT_KIND_COUNT; k++)
			total[k] += c[k];
	}
	if (!program)
		program = n && reports[0]->program ? reports[0]->program : n && reports[0]->argc ? reports[0]->argv[0] : "?";
	char label[4096];
	if (n > 1)
		snprintf(label, sizeof label, "%s (%zu processes)", program, n);
	else
		snprintf(label, sizeof label, "%s", program);
	report_format_summary(total, label, out, text_flags);
}

static int write_to(enum output_format f, struct report *const *reports, size_t n, FILE *out, unsigned text_flags,
		    char *err, size_t errlen)
{
	switch (f) {
	case OUTPUT_TEXT:
		output_text(reports, n, NULL, out, text_flags);
		return 0;
	case OUTPUT_JSON:
		fflush(out);
		return report_write_json(reports[0], fileno(out), err, errlen);
	case OUTPUT_SARIF:
		return fmt_sarif_write(reports, n, out);
	case OUTPUT_JUNIT:
		return fmt_junit_write(reports, n, out);
	case OUTPUT_DOT:
		return fmt_dot_write(reports, n, out);
	}
	snprintf(err, errlen, "unknown output format");
	return -1;
}

int output_write(enum output_format f, struct report *const *reports, size_t n, const char *path,
		 unsigned text_flags, char *err, size_t errlen)
{
	if (!n) {
		snprintf(err, errlen, "no report to write");
		return -1;
	}
	if (!path || strcmp(path, "-") == 0) {
		int rc = write_to(f, reports, n, stdout, text_flags, err, errlen);
		if (fflush(stdout) != 0 && rc == 0) {
			snprintf(err, errlen, "cannot write to stdout: %s", strerror(errno));
			rc = -1;
		}
		return rc;
	}
	size_t len = strlen(path) + 32;
	char *tmp = malloc(len);
	if (!tmp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(tmp);
		return -1;
	}
	char e2[400] = "";
	int rc = write_to(f, reports, n, out, text_flags, e2, sizeof e2);
	if (ferror(out) && rc == 0) {
		snprintf(e2, sizeof e2, "%s", strerror(errno));
		rc = -1;
	}
	if (fclose(out) != 0 && rc == 0) {
		snprintf(e2, sizeof e2, "%s", strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		snprintf(e2, sizeof e2, "cannot rename %s: %s", tmp, strerror(errno));
		rc = -1;
	}
	if (rc < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, e2);
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

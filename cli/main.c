/* main.c - the `weft` command: dispatch to one subcommand (cli/commands.h), `--version`, `help`. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

#ifndef WEFT_VERSION
#define WEFT_VERSION "unknown"
#endif

/* The subcommands: X(name, function, one-line help). */
#define WEFT_COMMANDS(X)                                                                      \
	X("run", cmd_run, "run a program under weft and report what it finds")               \
	X("report", cmd_report, "format a JSON report (text, json, sarif, junit, dot)")      \
	X("view", cmd_view, "browse a JSON report in the terminal")                         \
	X("explore", cmd_explore, "run a program under many schedules; find, shrink, save failing ones") \
	X("replay", cmd_replay, "replay a schedule saved by weft explore")

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} commands[] = {
#define X(name, fn, help) {name, fn, help},
	WEFT_COMMANDS(X)
#undef X
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: weft COMMAND [ARGS...]\n"
		"\n"
		"weft finds deadlocks, lock-order inversions, pthread API misuse and data races in C/C++\n"
		"programs on Linux.\n"
		"\n"
		"commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].help);
	fprintf(out,
		"  %-9s %s\n"
		"\n"
		"  weft --version    print the version\n"
		"\n"
		"examples:\n"
		"  weft run ./myprog arg1 arg2\n"
		"  weft run --json report.json --format sarif --output weft.sarif -- make check\n"
		"  weft report report.json\n"
		"\n"
		"See weft(1) for the options of each command, WEFT_OPTIONS and exit statuses.\n",
		"help", "help [COMMAND]: this text, or the options of COMMAND");
}

static int find_command(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return (int)i;
	return -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return WEFT_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("weft %s\n", WEFT_VERSION);
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		if (argc > 2 && strcmp(cmd, "help") == 0) {
			int i = find_command(argv[2]);
			if (i < 0) {
				fprintf(stderr, "weft: unknown command '%s' (try 'weft help')\n", argv[2]);
				return WEFT_EXIT_USAGE;
			}
			char *sub[] = {argv[2], "--help", NULL};
			return commands[i].fn(2, sub);
		}
		usage(stdout);
		return 0;
	}
	int i = find_command(cmd);
	if (i < 0) {
		fprintf(stderr, "weft: unknown command '%s' (try 'weft help')\n", cmd);
		return WEFT_EXIT_USAGE;
	}
	return commands[i].fn(argc - 1, argv + 1);
}

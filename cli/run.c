/* run.c - `weft run [options] [--] PROGRAM [ARGS...]`: run a program with the weft runtime
 * preloaded, then read the JSON report(s) it wrote and decide the exit status.
 *
 * Sequence: parse options; find libweft.so next to this executable; resolve PROGRAM through PATH
 * and refuse what cannot be preloaded (static or 32-bit ELF); choose where the runtime writes its
 * report (the --json path, or a private temporary directory); set LD_PRELOAD, WEFT_OPTIONS and
 * WEFT_REPORT_ROOT; fork and exec, forwarding SIGINT/SIGTERM/SIGHUP that were sent to weft alone;
 * wait; read the main report and the reports of forked processes; complete `end` from the wait
 * status; print the text report; exit with --exitcode when anything was found, else with the
 * program's own status (128+N when it was killed by signal N).
 *
 * WEFT_OPTIONS cannot carry a space or a ':' (they separate options), so a --json or --trace path
 * that holds one is not given to the runtime: the runtime writes into the temporary directory and
 * the reports (and traces) are copied to the path asked for at the end, with the reports' "trace"
 * field naming where the trace ended up.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "launch.h"
#include "output.h"
#include "report.h"
#include "report_text.h"

#define DEFAULT_EXITCODE 66

struct run_opts {
	const char *json;          /* --json FILE, NULL when not given */
	const char *trace;         /* --trace FILE, NULL when not given */
	int exitcode;
	const char *suppressions;
	int format;                /* enum output_format, -1 when not given */
	const char *output;
	bool quiet;
	bool no_deadlock, no_lock_order, no_misuse, halt_on_error;
	long deadlock_ms;          /* -1: runtime default */
	char **prog_argv;          /* PROGRAM ARGS..., NULL-terminated */
};

static void run_usage(FILE *out)
{
	fprintf(out,
		"usage: weft run [options] [--] PROGRAM [ARGS...]\n"
		"\n"
		"Runs PROGRAM with the weft runtime preloaded and reports deadlocks, lock-order inversions,\n"
		"pthread API misuse (and data races in instrumented programs).\n"
		"\n"
		"options:\n"
		"  --json FILE           keep the JSON report in FILE (forked processes: FILE.PID.json)\n"
		"  --trace FILE          record the happens-before trace in FILE (forked processes:\n"
		"                        FILE.PID); 'weft view' draws it as a timeline\n"
		"  --format FMT          also write the report as " OUTPUT_FORMAT_LIST "\n"
		"  --output FILE         where --format writes (default: stdout)\n"
		"  --exitcode N          exit status when something was found (default 66)\n"
		"  --suppressions FILE   suppressions file\n"
		"  --quiet               no text report on stderr\n"
		"  --no-deadlock         do not detect real deadlocks\n"
		"  --no-lock-order       do not detect lock-order inversions\n"
		"  --no-misuse           do not detect pthread API misuse\n"
		"  --deadlock-ms N       how long a wait-for cycle must last before it is reported (ms)\n"
		"  --halt-on-error       end the program at its first finding (exit status --exitcode)\n"
		"  -h, --help            this text\n"
		"\n"
		"exit status: the program's own, or 128+N if it was killed by signal N; --exitcode (66)\n"
		"when weft found something; 126/127 if PROGRAM cannot be run / is not found; 2 on a usage\n"
		"error. See weft(1).\n");
}

/* Returns -1 on success (options parsed), else the exit status to return. */
static int parse_opts(int argc, char **argv, struct run_opts *o)
{
	*o = (struct run_opts){.exitcode = DEFAULT_EXITCODE, .format = -1, .deadlock_ms = -1};
	int i = 1;
	for (; i < argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == 0)
			break;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			run_usage(stdout);
			return 0;
		}
		/* --name=value or --name value */
		char name[64];
		const char *val = NULL;
		const char *eq = strchr(a, '=');
		if (eq && a[1] == '-') {
			size_t n = (size_t)(eq - a);
			if (n >= sizeof name)
				return args_usage_error("run", "unknown option '%s'", a);
			memcpy(name, a, n);
			name[n] = 0;
			val = eq + 1;
		} else {
			snprintf(name, sizeof name, "%s", a);
		}
		static const char *const with_value[] = {"--json", "--trace", "--exitcode", "--suppressions", "--format",
							 "--output", "--deadlock-ms"};
		bool needs = false;
		for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
			needs |= strcmp(name, with_value[k]) == 0;
		if (needs && !val) {
			if (i + 1 >= argc)
				return args_usage_error("run", "option '%s' needs a value", name);
			val = argv[++i];
		} else if (!needs && val) {
			return args_usage_error("run", "option '%s' takes no value", name);
		}
		long v;
		if (strcmp(name, "--json") == 0) {
			if (!*val)
				return args_usage_error("run", "--json needs a file name");
			o->json = val;
		} else if (strcmp(name, "--trace") == 0) {
			if (!*val)
				return args_usage_error("run", "--trace needs a file name");
			o->trace = val;
		} else if (strcmp(name, "--exitcode") == 0) {
			if (!args_long(val, 1, 255, &v))
				return args_usage_error("run", "--exitcode needs a number from 1 to 255, not '%s'", val);
			o->exitcode = (int)v;
		} else if (strcmp(name, "--suppressions") == 0) {
			o->suppressions = val;
		} else if (strcmp(name, "--format") == 0) {
			o->format = output_format_from_name(val);
			if (o->format < 0)
				return args_usage_error("run", "unknown format '%s' (formats: " OUTPUT_FORMAT_LIST ")", val);
		} else if (strcmp(name, "--output") == 0) {
			if (!*val)
				return args_usage_error("run", "--output needs a file name");
			o->output = val;
		} else if (strcmp(name, "--deadlock-ms") == 0) {
			if (!args_long(val, 1, 3600 * 1000L, &v))
				return args_usage_error("run", "--deadlock-ms needs a number of milliseconds from 1 to 3600000, not '%s'", val);
			o->deadlock_ms = v;
		} else if (strcmp(name, "--quiet") == 0 || strcmp(name, "-q") == 0) {
			o->quiet = true;
		} else if (strcmp(name, "--no-deadlock") == 0) {
			o->no_deadlock = true;
		} else if (strcmp(name, "--no-lock-order") == 0) {
			o->no_lock_order = true;
		} else if (strcmp(name, "--no-misuse") == 0) {
			o->no_misuse = true;
		} else if (strcmp(name, "--halt-on-error") == 0) {
			o->halt_on_error = true;
		} else {
			return args_usage_error("run", "unknown option '%s'", a);
		}
	}
	if (i >= argc)
		return args_usage_error("run", "no program to run");
	o->prog_argv = argv + i;
	if (o->output && o->format < 0)
		o->format = (int)output_format_from_path(o->output);
	return -1;
}

/* ---- signals ---- */

static volatile sig_atomic_t child_pid;
static volatile sig_atomic_t pending_signal;

/* A signal sent to weft alone (kill, a supervisor, a CI timeout) is passed on to the program. One
 * generated by the terminal (SI_KERNEL: Ctrl-C, hangup) already went to the whole foreground process
 * group, program included; passing it on would deliver it twice. */
static void forward(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (si && si->si_code == SI_KERNEL)
		return;
	if (child_pid > 0)
		kill((pid_t)child_pid, sig);
	else
		pending_signal = sig;
}

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP};

static void install_forwarding(void)
{
	struct sigaction sa = {.sa_sigaction = forward, .sa_flags = SA_SIGINFO | SA_RESTART};
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		sigaction(forwarded[i], &sa, NULL);
}

/* ---- reports on disk ---- */

struct found {
	char *path;
	long pid, gen;
};

static int cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	if (x->pid != y->pid)
		return (x->pid > y->pid) - (x->pid < y->pid);
	return (x->gen > y->gen) - (x->gen < y->gen);
}

/* "<dir>/<stem>.PID.json" and "<dir>/<stem>.PID.N.json" (a later exec) written since `since` (older ones are from an earlier run). */
static size_t find_children(const char *main_path, time_t since, struct found **out)
{
	*out = NULL;
	char dirbuf[PATH_MAX], basebuf[PATH_MAX];
	snprintf(dirbuf, sizeof dirbuf, "%s", main_path);
	snprintf(basebuf, sizeof basebuf, "%s", main_path);
	const char *dir = dirname(dirbuf);
	char *base = basename(basebuf);
	size_t bl = strlen(base);
	if (bl > 5 && strcmp(base + bl - 5, ".json") == 0)
		base[bl - 5] = 0;
	size_t stem = strlen(base);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *nm = de->d_name;
		size_t l = strlen(nm);
		if (l < stem + 7 || strncmp(nm, base, stem) != 0 || nm[stem] != '.' || strcmp(nm + l - 5, ".json") != 0)
			continue;
		const char *p = nm + stem + 1, *e = nm + l - 5;
		if (p == e)
			continue;
		/* PID, or PID.N for a later exec of the same process */
		long pid = 0, gen = 0;
		bool digits = true, dot = false;
		for (const char *q = p; q < e; q++) {
			if (*q == '.' && !dot && q > p && q + 1 < e) {
				dot = true;
				continue;
			}
			if (*q < '0' || *q > '9' || pid > 100000000 || gen > 100000) {
				digits = false;
				break;
			}
			if (dot)
				gen = gen * 10 + (*q - '0');
			else
				pid = pid * 10 + (*q - '0');
		}
		if (!digits)
			continue;
		char full[PATH_MAX];
		snprintf(full, sizeof full, "%s/%s", dir, nm);
		struct stat st;
		if (stat(full, &st) != 0 || !S_ISREG(st.st_mode) || st.st_mtime < since)
			continue;
		struct found *nf = realloc(*out, (n + 1) * sizeof **out);
		if (!nf)
			break;
		*out = nf;
		nf[n].path = strdup(full);
		nf[n].pid = pid;
		nf[n].gen = gen;
		n++;
	}
	closedir(d);
	qsort(*out, n, sizeof **out, cmp_found);
	return n;
}

/* Removes the private directory and everything the runtime wrote in it. */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			char p[PATH_MAX];
			snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* The absolute path of an output file (--json, --trace) in a directory that exists and can be
 * written. Returns 0, or -1 after printing one line (what: "report", "trace"). */
static int output_path(const char *given, const char *what, char *out, size_t len)
{
	char dirbuf[PATH_MAX], basebuf[PATH_MAX], absdir[PATH_MAX];
	snprintf(dirbuf, sizeof dirbuf, "%s", given);
	snprintf(basebuf, sizeof basebuf, "%s", given);
	const char *dir = dirname(dirbuf);
	if (!realpath(dir, absdir)) {
		fprintf(stderr, "weft run: cannot write the %s %s: directory %s: %s\n", what, given, dir, strerror(errno));
		return -1;
	}
	if (snprintf(out, len, "%s/%s", strcmp(absdir, "/") ? absdir : "", basename(basebuf)) >= (int)len) {
		fprintf(stderr, "weft run: the %s path %s is too long\n", what, given);
		return -1;
	}
	if (access(absdir, W_OK) != 0) {
		fprintf(stderr, "weft run: cannot write the %s %s: %s\n", what, given, strerror(errno));
		return -1;
	}
	struct stat st;
	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "weft run: cannot write the %s %s: it is a directory\n", what, given);
		return -1;
	}
	return 0;
}

/* Move a file, copying it when rename cannot (another file system). Returns 0 or -1 (errno). */
static int move_file(const char *from, const char *to)
{
	if (rename(from, to) == 0)
		return 0;
	if (errno != EXDEV)
		return -1;
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		close(in);
		return -1;
	}
	char buf[65536];
	ssize_t n;
	int rc = 0;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = -1;
			break;
		}
	if (n < 0)
		rc = -1;
	close(in);
	if (close(out) != 0)
		rc = -1;
	if (rc == 0)
		unlink(from);
	return rc;
}

/* The runtime wrote its traces into the temporary directory (the --trace path cannot go through
 * WEFT_OPTIONS): trace.bin, and trace.bin.PID for forked processes, go to the --trace path and
 * PATH.PID. */
static void move_traces(const char *tmpdir, const char *user_trace)
{
	DIR *d = opendir(tmpdir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *nm = de->d_name;
		if (strncmp(nm, "trace.bin", 9) != 0 || (nm[9] && (nm[9] != '.' || strstr(nm, ".tmp."))))
			continue;
		char from[PATH_MAX], to[PATH_MAX];
		snprintf(from, sizeof from, "%s/%s", tmpdir, nm);
		if (snprintf(to, sizeof to, "%s%s", user_trace, nm + 9) >= (int)sizeof to)
			continue;
		if (move_file(from, to) != 0)
			fprintf(stderr, "weft run: cannot write the trace %s: %s\n", to, strerror(errno));
	}
	closedir(d);
}

/* A report's "trace" names where the runtime wrote it; point it at where it is now. Returns true
 * when it changed. */
static bool fix_trace_field(struct report *r, const char *rt_trace, const char *user_trace)
{
	size_t n = strlen(rt_trace);
	if (!r->trace || !n || strcmp(rt_trace, user_trace) == 0 || strncmp(r->trace, rt_trace, n) != 0)
		return false;
	char fixed[PATH_MAX];
	snprintf(fixed, sizeof fixed, "%s%s", user_trace, r->trace + n);
	free(r->trace);
	r->trace = report_strdup(fixed);
	return true;
}

/* "<json-without-.json>.PID[.N].json" */
static void child_name(const char *json, const struct found *f, char *out, size_t len)
{
	size_t l = strlen(json);
	int stem = (int)(l > 5 && strcmp(json + l - 5, ".json") == 0 ? l - 5 : l);
	if (f->gen)
		snprintf(out, len, "%.*s.%ld.%ld.json", stem, json, f->pid, f->gen);
	else
		snprintf(out, len, "%.*s.%ld.json", stem, json, f->pid);
}

static const char *sig_name(int sig, char *buf, size_t len)
{
	const char *abbrev = sigabbrev_np(sig);
	const char *desc = strsignal(sig);
	if (abbrev)
		snprintf(buf, len, "SIG%s, %s", abbrev, desc ? desc : "");
	else
		snprintf(buf, len, "%s", desc ? desc : "unknown signal");
	return buf;
}

static bool use_colour(void)
{
	const char *term = getenv("TERM");
	return isatty(2) && !getenv("NO_COLOR") && term && strcmp(term, "dumb") != 0;
}

/* ---- the command ---- */

int cmd_run(int argc, char **argv)
{
	struct run_opts o;
	int rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;

	char runtime[PATH_MAX];
	if (launch_find_runtime("run", runtime, sizeof runtime) < 0)
		return WEFT_EXIT_USAGE;
	if (!launch_option_safe(runtime)) {
		fprintf(stderr, "weft run: the runtime path %s holds a space or ':', which LD_PRELOAD cannot carry\n", runtime);
		return WEFT_EXIT_USAGE;
	}

	char supp[PATH_MAX] = "";
	if (o.suppressions) {
		struct stat st;
		if (stat(o.suppressions, &st) != 0 || access(o.suppressions, R_OK) != 0) {
			fprintf(stderr, "weft run: cannot read suppressions file %s: %s\n", o.suppressions, strerror(errno));
			return WEFT_EXIT_USAGE;
		}
		if (!S_ISREG(st.st_mode)) {
			fprintf(stderr, "weft run: suppressions file %s is not a regular file\n", o.suppressions);
			return WEFT_EXIT_USAGE;
		}
		if (!realpath(o.suppressions, supp) || !launch_option_safe(supp)) {
			fprintf(stderr, "weft run: the suppressions path %s holds a space or ':', which WEFT_OPTIONS cannot carry\n",
				o.suppressions);
			return WEFT_EXIT_USAGE;
		}
	}

	char prog[PATH_MAX];
	rc = launch_resolve_program("run", o.prog_argv[0], prog, sizeof prog);
	if (rc)
		return rc;
	rc = launch_check_preloadable("run", prog);
	if (rc)
		return rc;

	/* Where the runtime writes: the --json and --trace paths themselves (absolute, since the
	 * program may change directory), or a private temporary directory. */
	char tmpdir[PATH_MAX] = "";
	char rt_json[PATH_MAX];
	char user_json[PATH_MAX] = "";
	char rt_trace[PATH_MAX] = "", user_trace[PATH_MAX] = "";
	if (o.json && output_path(o.json, "report", user_json, sizeof user_json) < 0)
		return WEFT_EXIT_USAGE;
	if (o.trace && output_path(o.trace, "trace", user_trace, sizeof user_trace) < 0)
		return WEFT_EXIT_USAGE;
	if (o.json && o.trace && strcmp(user_json, user_trace) == 0)
		return args_usage_error("run", "--json and --trace name the same file");
	if (o.json && launch_option_safe(user_json) && (!o.trace || launch_option_safe(user_trace))) {
		snprintf(rt_json, sizeof rt_json, "%s", user_json);
		unlink(rt_json); /* a report left by an earlier run must not pass for this one */
	} else {
		const char *t = getenv("TMPDIR");
		char tmpl[PATH_MAX];
		snprintf(tmpl, sizeof tmpl, "%s/weft-run.XXXXXX", t && *t && launch_option_safe(t) ? t : "/tmp");
		if (!mkdtemp(tmpl)) {
			fprintf(stderr, "weft run: cannot create a temporary directory %s: %s\n", tmpl, strerror(errno));
			return WEFT_EXIT_USAGE;
		}
		snprintf(tmpdir, sizeof tmpdir, "%s", tmpl);
		if (o.json && launch_option_safe(user_json)) {
			snprintf(rt_json, sizeof rt_json, "%s", user_json);
			unlink(rt_json);
		} else {
			snprintf(rt_json, sizeof rt_json, "%s/report.json", tmpdir);
		}
	}
	if (o.trace) {
		if (launch_option_safe(user_trace))
			snprintf(rt_trace, sizeof rt_trace, "%s", user_trace);
		else
			snprintf(rt_trace, sizeof rt_trace, "%s/trace.bin", tmpdir);
		unlink(rt_trace); /* a trace left by an earlier run must not pass for this one */
	}

	/* Environment: our options after the user's, so ours win (the runtime reads them in order). */
	const char *old_pre = getenv("LD_PRELOAD");
	size_t pl = strlen(runtime) + (old_pre ? strlen(old_pre) : 0) + 2;
	char *preload = malloc(pl);
	snprintf(preload, pl, "%s%s%s", runtime, old_pre && *old_pre ? ":" : "", old_pre ? old_pre : "");
	const char *old_opts = getenv("WEFT_OPTIONS");
	size_t ol = (old_opts ? strlen(old_opts) : 0) + strlen(rt_json) + strlen(supp) + strlen(rt_trace) + 256;
	char *opts = malloc(ol);
	int k = snprintf(opts, ol, "%s%smanaged=1 stderr=0 json=%s exitcode=%d", old_opts ? old_opts : "",
			 old_opts && *old_opts ? " " : "", rt_json, o.exitcode);
	if (supp[0])
		k += snprintf(opts + k, ol - (size_t)k, " suppressions=%s", supp);
	if (rt_trace[0])
		k += snprintf(opts + k, ol - (size_t)k, " trace=%s", rt_trace);
	if (o.no_deadlock)
		k += snprintf(opts + k, ol - (size_t)k, " deadlock=0");
	if (o.no_lock_order)
		k += snprintf(opts + k, ol - (size_t)k, " lock_order=0");
	if (o.no_misuse)
		k += snprintf(opts + k, ol - (size_t)k, " misuse=0");
	if (o.halt_on_error)
		k += snprintf(opts + k, ol - (size_t)k, " halt_on_error=1");
	if (o.deadlock_ms > 0)
		snprintf(opts + k, ol - (size_t)k, " deadlock_ms=%ld", o.deadlock_ms);

	/* A pipe closed by a successful exec tells us whether exec worked, and its errno if not. */
	int ep[2];
	if (pipe2(ep, O_CLOEXEC) != 0) {
		fprintf(stderr, "weft run: pipe: %s\n", strerror(errno));
		return WEFT_EXIT_USAGE;
	}
	install_forwarding();
	/* a closed stderr or --output pipe must not kill weft before it cleans up; the program gets
	 * the default action back in the child */
	signal(SIGPIPE, SIG_IGN);
	fflush(NULL);
	time_t started = time(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "weft run: fork: %s\n", strerror(errno));
		return WEFT_EXIT_USAGE;
	}
	if (pid == 0) {
		/* the program gets the default actions back */
		for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
			signal(forwarded[i], SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		close(ep[0]);
		setenv("LD_PRELOAD", preload, 1);
		setenv("WEFT_OPTIONS", opts, 1);
		setenv("WEFT_REPORT_ROOT", rt_json, 1);
		/* set by the runtime in the process that claimed the main report; a weft run started
		 * from a program under weft must start afresh */
		unsetenv("WEFT_REPORT_CLAIMED");
		execv(prog, o.prog_argv);
		int e = errno;
		ssize_t w = write(ep[1], &e, sizeof e);
		(void)w;
		_exit(127);
	}
	child_pid = pid;
	if (pending_signal)
		kill(pid, pending_signal);
	close(ep[1]);
	int exec_errno = 0;
	ssize_t got;
	do
		got = read(ep[0], &exec_errno, sizeof exec_errno);
	while (got < 0 && errno == EINTR);
	close(ep[0]);

	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	child_pid = 0;
	free(preload);
	free(opts);

	if (got == (ssize_t)sizeof exec_errno) {
		fprintf(stderr, "weft run: cannot execute %s: %s\n", prog, strerror(exec_errno));
		if (tmpdir[0])
			remove_tree(tmpdir);
		return exec_errno == ENOENT ? 127 : 126;
	}

	int prog_status;
	char sigbuf[96];
	if (WIFSIGNALED(status))
		prog_status = 128 + WTERMSIG(status);
	else
		prog_status = WEXITSTATUS(status);

	if (o.trace && strcmp(rt_trace, user_trace) != 0)
		move_traces(tmpdir, user_trace);

	/* Read the reports: the main one, then those of forked processes in pid order. */
	struct report **reps = NULL;
	const char **rep_paths = NULL;
	size_t nreps = 0;
	char err[512];
	bool main_ok = false, said_killed = false;
	struct report *mainrep = NULL;
	if (report_read_json_file(rt_json, &mainrep, err, sizeof err) == 0) {
		main_ok = true;
	} else if (access(rt_json, F_OK) == 0) {
		fprintf(stderr, "weft run: cannot read the report: %s\n", err);
	} else if (WIFSIGNALED(status)) {
		fprintf(stderr, "weft run: no report: %s was killed by signal %d (%s) before the weft runtime wrote one\n",
			o.prog_argv[0], WTERMSIG(status), sig_name(WTERMSIG(status), sigbuf, sizeof sigbuf));
		said_killed = true;
	} else {
		struct stat st;
		bool setid = stat(prog, &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID));
		fprintf(stderr, "weft run: no report: %s did not load the weft runtime%s\n", o.prog_argv[0],
			setid ? " (set-user-ID/set-group-ID programs ignore LD_PRELOAD)"
			      : " (it may clear LD_PRELOAD, be a static program started by a script, or exit before weft starts)");
	}
	struct found *kids = NULL;
	size_t nkids = find_children(rt_json, started - 1, &kids);
	reps = calloc(nkids + 1, sizeof *reps);
	rep_paths = calloc(nkids + 1, sizeof *rep_paths);
	if (main_ok) {
		/* complete `end` from the wait status when the runtime could not (killed, _exit, exec) */
		bool changed = false;
		if (!mainrep->ended) {
			mainrep->ended = true;
			mainrep->exit_status = WIFSIGNALED(status) ? -1 : WEXITSTATUS(status);
			mainrep->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
			changed = true;
		}
		if (!mainrep->program)
			mainrep->program = report_strdup(prog);
		changed |= fix_trace_field(mainrep, rt_trace, user_trace);
		const char *final = o.json ? user_json : rt_json;
		if (o.json && (changed || strcmp(user_json, rt_json) != 0)) {
			if (report_write_json_file(mainrep, final, err, sizeof err) < 0)
				fprintf(stderr, "weft run: %s\n", err);
		}
		reps[nreps] = mainrep;
		rep_paths[nreps++] = o.json ? strdup(final) : NULL;
	}
	for (size_t i = 0; i < nkids; i++) {
		struct report *r = NULL;
		if (report_read_json_file(kids[i].path, &r, err, sizeof err) < 0) {
			fprintf(stderr, "weft run: cannot read the report of process %ld: %s\n", kids[i].pid, err);
			continue;
		}
		char final[PATH_MAX];
		snprintf(final, sizeof final, "%s", kids[i].path);
		bool kid_changed = fix_trace_field(r, rt_trace, user_trace);
		if (o.json && (strcmp(user_json, rt_json) != 0 || kid_changed)) {
			child_name(user_json, &kids[i], final, sizeof final);
			if (report_write_json_file(r, final, err, sizeof err) < 0)
				fprintf(stderr, "weft run: %s\n", err);
		}
		reps[nreps] = r;
		rep_paths[nreps++] = o.json ? strdup(final) : NULL;
	}

	unsigned total = 0;
	for (size_t i = 0; i < nreps; i++)
		total += (unsigned)reps[i]->nfindings;

	if (WIFSIGNALED(status) && !said_killed)
		fprintf(stderr, "weft run: %s was killed by signal %d (%s)\n", o.prog_argv[0], WTERMSIG(status),
			sig_name(WTERMSIG(status), sigbuf, sizeof sigbuf));

	if (!o.quiet && nreps) {
		unsigned flags = use_colour() ? REPORT_TEXT_COLOR : 0;
		const char *name = nreps && reps[0]->program ? reps[0]->program : prog;
		fflush(stdout);
		output_text(reps, nreps, name, stderr, flags);
		if (o.json && nreps > 1) {
			fprintf(stderr, "weft run: %zu reports:", nreps);
			for (size_t i = 0; i < nreps; i++)
				fprintf(stderr, " %s", rep_paths[i]);
			fputc('\n', stderr);
		}
	}

	if (o.format >= 0) {
		if (!nreps) {
			fprintf(stderr, "weft run: no report to write as %s\n", output_format_name((enum output_format)o.format));
		} else if (output_write((enum output_format)o.format, reps, nreps, o.output, 0, err, sizeof err) < 0) {
			fprintf(stderr, "weft run: %s\n", err);
			if (!total && prog_status == 0)
				prog_status = WEFT_EXIT_USAGE;
		}
	}

	for (size_t i = 0; i < nreps; i++) {
		report_free(reps[i]);
		free((char *)rep_paths[i]);
	}
	for (size_t i = 0; i < nkids; i++)
		free(kids[i].path);
	free(kids);
	free(reps);
	free(rep_paths);
	if (tmpdir[0])
		remove_tree(tmpdir);
	return total ? o.exitcode : prog_status;
}

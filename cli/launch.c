/* launch.c - starting a program with the weft runtime preloaded: the steps `weft run`, `weft explore`
 * and `weft replay` share (finding libweft.so, resolving the program through PATH like the shell,
 * refusing what cannot be preloaded, checking what WEFT_OPTIONS can carry). Messages start with
 * "weft CMD: ". */
#include "launch.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"

/* dirname(/proc/self/exe)/../lib/weft/libweft.so, or $WEFT_RUNTIME (tests, unusual installs). */
int launch_find_runtime(const char *cmd, char *out, size_t len)
{
	const char *env = getenv("WEFT_RUNTIME");
	char buf[PATH_MAX];
	if (env && *env) {
		snprintf(buf, sizeof buf, "%s", env);
	} else {
		char exe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n < 0) {
			fprintf(stderr, "weft %s: cannot find my own executable (/proc/self/exe): %s\n", cmd, strerror(errno));
			return -1;
		}
		exe[n] = 0;
		snprintf(buf, sizeof buf, "%s/../lib/weft/libweft.so", dirname(exe));
	}
	if (!realpath(buf, out) || access(out, R_OK) != 0) {
		fprintf(stderr, "weft %s: the weft runtime is missing: %s: %s (build it with 'make', or reinstall weft)\n", cmd,
			buf, strerror(errno));
		return -1;
	}
	(void)len;
	return 0;
}

/* PATH lookup like the shell: returns 0 with the path in out, or the exit status (127 not found,
 * 126 found but not executable) after printing one line. */
int launch_resolve_program(const char *cmd, const char *prog, char *out, size_t len)
{
	struct stat st;
	if (strchr(prog, '/')) {
		if (stat(prog, &st) != 0) {
			fprintf(stderr, "weft %s: %s: %s\n", cmd, prog, strerror(errno));
			return errno == ENOENT || errno == ENOTDIR ? 127 : 126;
		}
		if (S_ISDIR(st.st_mode)) {
			fprintf(stderr, "weft %s: %s: is a directory\n", cmd, prog);
			return 126;
		}
		if (access(prog, X_OK) != 0) {
			fprintf(stderr, "weft %s: %s: not executable (%s)\n", cmd, prog, strerror(errno));
			return 126;
		}
		snprintf(out, len, "%s", prog);
		return 0;
	}
	const char *path = getenv("PATH");
	char defpath[256];
	if (!path) {
		if (confstr(_CS_PATH, defpath, sizeof defpath) == 0)
			snprintf(defpath, sizeof defpath, "/bin:/usr/bin");
		path = defpath;
	}
	bool denied = false;
	char denied_path[PATH_MAX] = "";
	for (const char *p = path;;) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char cand[PATH_MAX];
		if (n == 0)
			snprintf(cand, sizeof cand, "./%s", prog); /* empty entry: current directory */
		else
			snprintf(cand, sizeof cand, "%.*s/%s", (int)n, p, prog);
		if (stat(cand, &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (access(cand, X_OK) == 0) {
				snprintf(out, len, "%s", cand);
				return 0;
			}
			if (!denied) {
				denied = true;
				snprintf(denied_path, sizeof denied_path, "%s", cand);
			}
		}
		if (!e)
			break;
		p = e + 1;
	}
	if (denied) {
		fprintf(stderr, "weft %s: %s: not executable (Permission denied)\n", cmd, denied_path);
		return 126;
	}
	fprintf(stderr, "weft %s: %s: command not found\n", cmd, prog);
	return 127;
}

/* A statically linked (no PT_INTERP) or 32-bit ELF program cannot load libweft.so. Scripts and
 * other non-ELF files are left to the kernel (their interpreter is usually dynamic). Returns 0 when
 * the program can be run, else prints one line and returns the exit status. */
int launch_check_preloadable(const char *cmd, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0; /* executable but not readable: let exec decide */
	Elf64_Ehdr eh;
	ssize_t n = pread(fd, &eh, sizeof eh, 0);
	int rc = 0;
	if (n < (ssize_t)EI_NIDENT || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
		goto out;
	if (eh.e_ident[EI_CLASS] != ELFCLASS64) {
		fprintf(stderr, "weft %s: %s is a 32-bit program; weft's runtime is 64-bit and cannot be loaded into it\n", cmd, path);
		rc = WEFT_EXIT_USAGE;
		goto out;
	}
	if (n < (ssize_t)sizeof eh || eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum > 4096)
		goto out;
	bool interp = false;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (uint64_t)i * sizeof ph)) != (ssize_t)sizeof ph)
			goto out;
		if (ph.p_type == PT_INTERP)
			interp = true;
	}
	if (!interp) {
		fprintf(stderr,
			"weft %s: %s is statically linked; weft needs a dynamically linked program to load its runtime (rebuild without -static)\n", cmd,
			path);
		rc = WEFT_EXIT_USAGE;
	}
out:
	close(fd);
	return rc;
}

/* WEFT_OPTIONS separates options by spaces and colons and has no quoting. */
bool launch_option_safe(const char *s)
{
	return !strpbrk(s, " :\t\n");
}

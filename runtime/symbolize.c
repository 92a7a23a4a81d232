/* symbolize.c - symbolization with libdwfl (see symbolize.h and FACTS: use pc - 1 for return
 * addresses; list inlined callers by walking the innermost scope again with dwarf_getscopes_die). */
#include "symbolize.h"

#include <dlfcn.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include "rt.h"

/* libdw is loaded with dlopen on the first symbolization, not linked: a run without findings never
 * pays for mapping it (and libelf, libz, liblzma, libbz2: ~0.5 MiB of resident memory per process,
 * measured). Every libdw function used here is reached through this table; the names below stay
 * the library's own, so the code reads as ordinary libdw code. Without libdw.so.1 on the machine,
 * frames come out as the dynamic symbol and module+offset (sym_append_frames_cheap). */
#define DW_FUNCTIONS(X)                                                                              \
	X(Dwfl *, dwfl_begin, (const Dwfl_Callbacks *))                                                \
	X(void, dwfl_report_begin, (Dwfl *))                                                           \
	X(int, dwfl_linux_proc_report, (Dwfl *, pid_t))                                                \
	X(int, dwfl_report_end, (Dwfl *, int (*)(Dwfl_Module *, void *, const char *, Dwarf_Addr, void *), void *)) \
	X(Dwfl_Module *, dwfl_addrmodule, (Dwfl *, Dwarf_Addr))                                        \
	X(const char *, dwfl_module_info, (Dwfl_Module *, void ***, Dwarf_Addr *, Dwarf_Addr *, Dwarf_Addr *, \
					   Dwarf_Addr *, const char **, const char **))                \
	X(const char *, dwfl_module_addrinfo, (Dwfl_Module *, GElf_Addr, GElf_Off *, GElf_Sym *, GElf_Word *, \
					       Elf **, Dwarf_Addr *))                                  \
	X(Dwfl_Line *, dwfl_module_getsrc, (Dwfl_Module *, Dwarf_Addr))                                \
	X(const char *, dwfl_lineinfo, (Dwfl_Line *, Dwarf_Addr *, int *, int *, Dwarf_Word *, Dwarf_Word *)) \
	X(Dwarf_Die *, dwfl_module_addrdie, (Dwfl_Module *, Dwarf_Addr, Dwarf_Addr *))                 \
	X(Dwarf *, dwfl_module_getdwarf, (Dwfl_Module *, Dwarf_Addr *))                                \
	X(int, dwfl_module_getsymtab, (Dwfl_Module *))                                                 \
	X(const char *, dwfl_module_getsym_info, (Dwfl_Module *, int, GElf_Sym *, GElf_Addr *, GElf_Word *, \
						  Elf **, Dwarf_Addr *))                               \
	X(int, dwfl_linux_proc_find_elf, (Dwfl_Module *, void **, const char *, Dwarf_Addr, char **, Elf **)) \
	X(int, dwfl_standard_find_debuginfo, (Dwfl_Module *, void **, const char *, Dwarf_Addr, const char *, \
					      const char *, GElf_Word, char **))                       \
	X(int, dwarf_getscopes, (Dwarf_Die *, Dwarf_Addr, Dwarf_Die **))                               \
	X(int, dwarf_getscopes_die, (Dwarf_Die *, Dwarf_Die **))                                       \
	X(int, dwarf_getsrcfiles, (Dwarf_Die *, Dwarf_Files **, size_t *))                             \
	X(int, dwarf_tag, (Dwarf_Die *))                                                               \
	X(Dwarf_Attribute *, dwarf_attr_integrate, (Dwarf_Die *, unsigned int, Dwarf_Attribute *))     \
	X(Dwarf_Attribute *, dwarf_attr, (Dwarf_Die *, unsigned int, Dwarf_Attribute *))               \
	X(const char *, dwarf_formstring, (Dwarf_Attribute *))                                         \
	X(int, dwarf_formudata, (Dwarf_Attribute *, Dwarf_Word *))                                     \
	X(const char *, dwarf_diename, (Dwarf_Die *))                                                  \
	X(const char *, dwarf_filesrc, (Dwarf_Files *, size_t, Dwarf_Word *, Dwarf_Word *))            \
	X(int, dwarf_next_unit, (Dwarf *, Dwarf_Off, Dwarf_Off *, size_t *, Dwarf_Half *, Dwarf_Off *,  \
				 uint8_t *, uint8_t *, uint64_t *, Dwarf_Off *))                       \
	X(Dwarf_Die *, dwarf_offdie, (Dwarf *, Dwarf_Off, Dwarf_Die *))                                \
	X(int, dwarf_haspc, (Dwarf_Die *, Dwarf_Addr))                                                 \
	X(Dwarf_Line *, dwarf_getsrc_die, (Dwarf_Die *, Dwarf_Addr))                                   \
	X(const char *, dwarf_linesrc, (Dwarf_Line *, Dwarf_Word *, Dwarf_Word *))                     \
	X(int, dwarf_lineno, (Dwarf_Line *, int *))                                                    \
	X(int, dwarf_linecol, (Dwarf_Line *, int *))

static struct {
#define X(ret, name, params) ret(*name) params;
	DW_FUNCTIONS(X)
#undef X
} dwlib;
static int dw_state; /* 0 not tried, 1 loaded, -1 unavailable */

static bool dw_load(void)
{
	if (dw_state)
		return dw_state > 0;
	dw_state = -1;
	void *h = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return false;
#define X(ret, name, params)                                        \
	if (!(dwlib.name = (ret(*) params)dlsym(h, #name)))            \
		return false;
	DW_FUNCTIONS(X)
#undef X
	dw_state = 1;
	return true;
}

/* From here on the libdw names call through the table. */
#define dwfl_begin dwlib.dwfl_begin
#define dwfl_report_begin dwlib.dwfl_report_begin
#define dwfl_linux_proc_report dwlib.dwfl_linux_proc_report
#define dwfl_report_end dwlib.dwfl_report_end
#define dwfl_addrmodule dwlib.dwfl_addrmodule
#define dwfl_module_info dwlib.dwfl_module_info
#define dwfl_module_addrinfo dwlib.dwfl_module_addrinfo
#define dwfl_module_getsrc dwlib.dwfl_module_getsrc
#define dwfl_lineinfo dwlib.dwfl_lineinfo
#define dwfl_module_addrdie dwlib.dwfl_module_addrdie
#define dwfl_module_getdwarf dwlib.dwfl_module_getdwarf
#define dwfl_module_getsymtab dwlib.dwfl_module_getsymtab
#define dwfl_module_getsym_info dwlib.dwfl_module_getsym_info
#define dwarf_getscopes dwlib.dwarf_getscopes
#define dwarf_getscopes_die dwlib.dwarf_getscopes_die
#define dwarf_getsrcfiles dwlib.dwarf_getsrcfiles
#define dwarf_tag dwlib.dwarf_tag
#define dwarf_attr_integrate dwlib.dwarf_attr_integrate
#define dwarf_attr dwlib.dwarf_attr
#define dwarf_formstring dwlib.dwarf_formstring
#define dwarf_formudata dwlib.dwarf_formudata
#define dwarf_diename dwlib.dwarf_diename
#define dwarf_filesrc dwlib.dwarf_filesrc
#define dwarf_next_unit dwlib.dwarf_next_unit
#define dwarf_offdie dwlib.dwarf_offdie
#define dwarf_haspc dwlib.dwarf_haspc
#define dwarf_getsrc_die dwlib.dwarf_getsrc_die
#define dwarf_linesrc dwlib.dwarf_linesrc
#define dwarf_lineno dwlib.dwarf_lineno
#define dwarf_linecol dwlib.dwarf_linecol

static char *debuginfo_path;
static Dwfl_Callbacks callbacks;

static Dwfl *dwfl;

struct cached {
	uintptr_t pc;
	struct report_stack frames;   /* only nframes/frames used */
	struct cached *next;
};

#define CACHE_SIZE 4096
static struct cached *cache[CACHE_SIZE];

static char *(*demangle)(const char *, char *, size_t *, int *);

static Dwfl *get_dwfl(bool refresh)
{
	if (dwfl && !refresh)
		return dwfl;
	if (!dwfl) {
		if (!dw_load())
			return NULL;
		callbacks.find_elf = dwlib.dwfl_linux_proc_find_elf;
		callbacks.find_debuginfo = dwlib.dwfl_standard_find_debuginfo;
		callbacks.debuginfo_path = &debuginfo_path;
		dwfl = dwfl_begin(&callbacks);
		if (!dwfl)
			return NULL;
		demangle = (char *(*)(const char *, char *, size_t *, int *))dlsym(RTLD_DEFAULT, "__cxa_demangle");
	}
	dwfl_report_begin(dwfl);
	if (dwfl_linux_proc_report(dwfl, getpid()) != 0) {
		dwfl_report_end(dwfl, NULL, NULL);
		return dwfl;
	}
	dwfl_report_end(dwfl, NULL, NULL);
	return dwfl;
}

static char *name_of(const char *raw)
{
	if (!raw)
		return NULL;
	if (demangle && raw[0] == '_' && raw[1] == 'Z') {
		int st = -1;
		char *d = demangle(raw, NULL, NULL, &st);
		if (d && st == 0)
			return d;
		free(d);
	}
	return strdup(raw);
}

static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute a;
	const char *n = NULL;
	if (dwarf_attr_integrate(die, DW_AT_linkage_name, &a) || dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &a))
		n = dwarf_formstring(&a);
	if (!n)
		n = dwarf_diename(die);
	if (!n && dwarf_attr_integrate(die, DW_AT_name, &a))
		n = dwarf_formstring(&a);
	return n;
}

/* The compile unit containing addr by walking the units: clang does not emit .debug_aranges, which
 * libdwfl's own lookup (dwfl_module_addrdie, dwfl_module_getsrc) relies on. */
static Dwarf_Die *cu_by_scan(Dwfl_Module *m, Dwarf_Addr addr, Dwarf_Addr *bias, Dwarf_Die *out)
{
	Dwarf *dw = dwfl_module_getdwarf(m, bias);
	if (!dw)
		return NULL;
	Dwarf_Off off = 0, next;
	size_t hsize;
	while (dwarf_next_unit(dw, off, &next, &hsize, NULL, NULL, NULL, NULL, NULL, NULL) == 0) {
		if (dwarf_offdie(dw, off + hsize, out) && dwarf_haspc(out, addr - *bias) > 0)
			return out;
		off = next;
	}
	return NULL;
}

static void fill_frames(struct report_stack *out, uintptr_t pc, uintptr_t lookup)
{
	if (!get_dwfl(false)) { /* no libdw on this machine: what the loader knows */
		sym_append_frames_cheap(out, pc);
		return;
	}
	Dwfl *d = get_dwfl(false);
	Dwfl_Module *m = d ? dwfl_addrmodule(d, lookup) : NULL;
	if (!m && d) {
		d = get_dwfl(true); /* a module loaded (dlopen) since the last refresh */
		m = dwfl_addrmodule(d, lookup);
	}
	struct report_frame *f = report_stack_add_frame(out);
	f->pc = pc;
	f->line = f->column = -1;
	if (!m)
		return;
	/* f stays valid until the next frame is added below */
	Dwarf_Addr base = 0;
	const char *modname = dwfl_module_info(m, NULL, &base, NULL, NULL, NULL, NULL, NULL);
	f->module = modname ? strdup(modname) : NULL;
	f->offset = pc - base;
	GElf_Sym sym;
	GElf_Off off;
	const char *symname = dwfl_module_addrinfo(m, lookup, &off, &sym, NULL, NULL, NULL);
	f->function = name_of(symname);
	/* the unit libdwfl's lookup names must really hold the address: a program whose units come
	 * from gcc (with .debug_aranges) and clang (without) can get a gcc unit for a clang address */
	Dwarf_Addr bias = 0;
	Dwarf_Die cu_mem;
	Dwarf_Die *cudie = dwfl_module_addrdie(m, lookup, &bias);
	if (cudie && dwarf_haspc(cudie, lookup - bias) <= 0)
		cudie = NULL;
	Dwfl_Line *ln = cudie ? dwfl_module_getsrc(m, lookup) : NULL;
	if (!cudie)
		cudie = cu_by_scan(m, lookup, &bias, &cu_mem);
	if (ln) {
		int line = 0, col = 0;
		const char *file = dwfl_lineinfo(ln, NULL, &line, &col, NULL, NULL);
		if (file) {
			f->file = strdup(file);
			f->line = line;
			f->column = col > 0 ? col : -1;
		}
	}
	/* inlined frames */
	if (!cudie)
		return;
	if (!f->file) {
		Dwarf_Line *dl = dwarf_getsrc_die(cudie, lookup - bias);
		const char *file = dl ? dwarf_linesrc(dl, NULL, NULL) : NULL;
		int line = 0, col = 0;
		if (file && dwarf_lineno(dl, &line) == 0) {
			f->file = strdup(file);
			f->line = line;
			f->column = dwarf_linecol(dl, &col) == 0 && col > 0 ? col : -1;
		}
	}
	Dwarf_Die *scopes = NULL;
	int n = dwarf_getscopes(cudie, lookup - bias, &scopes);
	if (n <= 0) {
		free(scopes);
		return;
	}
	Dwarf_Die *chain = NULL;
	int nc = dwarf_getscopes_die(&scopes[0], &chain);
	free(scopes);
	if (nc <= 0) {
		free(chain);
		return;
	}
	Dwarf_Files *files = NULL;
	size_t nfiles = 0;
	dwarf_getsrcfiles(cudie, &files, &nfiles);
	/* chain[0] is the innermost scope; name each function level; an inlined_subroutine's call
	 * site is the location in the next level out. Frames are addressed by index: adding one may
	 * move the array. */
	size_t fi = out->nframes - 1;
	for (int i = 0; i < nc; i++) {
		int tag = dwarf_tag(&chain[i]);
		if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
			continue;
		const char *nm = die_name(&chain[i]);
		if (nm) {
			free(out->frames[fi].function);
			out->frames[fi].function = name_of(nm);
		}
		if (tag == DW_TAG_subprogram)
			break;
		Dwarf_Attribute a;
		Dwarf_Word cfile = 0, cline = 0, ccol = 0;
		if (dwarf_attr(&chain[i], DW_AT_call_file, &a))
			dwarf_formudata(&a, &cfile);
		if (dwarf_attr(&chain[i], DW_AT_call_line, &a))
			dwarf_formudata(&a, &cline);
		if (dwarf_attr(&chain[i], DW_AT_call_column, &a))
			dwarf_formudata(&a, &ccol);
		out->frames[fi].inlined = true;
		report_stack_add_frame(out);
		size_t ci = out->nframes - 1;
		struct report_frame *c = &out->frames[ci], *prev = &out->frames[fi];
		c->pc = 0;
		c->module = prev->module ? strdup(prev->module) : NULL;
		c->offset = prev->offset;
		c->line = cline ? (int)cline : -1;
		c->column = ccol ? (int)ccol : -1;
		const char *cf = files && cfile < nfiles ? dwarf_filesrc(files, cfile, NULL, NULL) : NULL;
		c->file = cf ? strdup(cf) : NULL;
		fi = ci;
	}
	free(chain);
}

static struct cached *cache_get(uintptr_t pc, int is_ret)
{
	unsigned h = (unsigned)((pc * 0x9E3779B97F4A7C15ull) >> 52) & (CACHE_SIZE - 1);
	for (struct cached *c = cache[h]; c; c = c->next)
		if (c->pc == pc)
			return c;
	struct cached *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->pc = pc;
	fill_frames(&c->frames, pc, is_ret && pc > 0 ? pc - 1 : pc);
	c->next = cache[h];
	cache[h] = c;
	return c;
}

void sym_append_frames(struct report_stack *s, uintptr_t pc, int is_return_address)
{
	struct cached *c = cache_get(pc, is_return_address);
	if (!c)
		return;
	for (size_t i = 0; i < c->frames.nframes; i++) {
		struct report_frame *src = &c->frames.frames[i], *dst = report_stack_add_frame(s);
		*dst = *src;
		dst->function = report_strdup(src->function);
		dst->file = report_strdup(src->file);
		dst->module = report_strdup(src->module);
	}
}

const char *sym_function(uintptr_t pc)
{
	struct cached *c = cache_get(pc, 1);
	if (!c || c->frames.nframes == 0)
		return NULL;
	/* the physical function: the outermost frame of the inline chain */
	return c->frames.frames[c->frames.nframes - 1].function;
}

char *sym_data_object(uintptr_t addr, uint64_t *base, uint64_t *size)
{
	Dwfl *d = get_dwfl(false);
	Dwfl_Module *m = d ? dwfl_addrmodule(d, addr) : NULL;
	Dl_info info;
	/* .bss past the last file-backed page is an anonymous mapping that /proc/PID/maps does not tie
	 * to the module: find the module from the loader's view of the object instead */
	if (!m && d && dladdr((void *)addr, &info) && info.dli_fbase)
		m = dwfl_addrmodule(d, (uintptr_t)info.dli_fbase);
	if (!m)
		return NULL;
	/* the data object whose [value, value + size) holds addr: the nearest symbol below addr can
	 * be a marker without a size (_end, __bss_start), so look at every object symbol */
	int n = dwfl_module_getsymtab(m);
	for (int i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr value;
		const char *name = dwfl_module_getsym_info(m, i, &sym, &value, NULL, NULL, NULL);
		if (!name || GELF_ST_TYPE(sym.st_info) != STT_OBJECT || sym.st_size == 0)
			continue;
		if (addr >= value && addr < value + sym.st_size) {
			if (base)
				*base = value;
			if (size)
				*size = sym.st_size;
			return name_of(name);
		}
	}
	return NULL;
}

char *sym_data_name(uintptr_t addr)
{
	uint64_t base = 0;
	char *nm = sym_data_object(addr, &base, NULL);
	uintptr_t off = addr - base;
	if (off && nm) {
		size_t len = strlen(nm) + 24;
		char *b = malloc(len);
		if (b)
			snprintf(b, len, "%s+%lu", nm, (unsigned long)off);
		free(nm);
		nm = b;
	}
	return nm;
}

void sym_append_frames_cheap(struct report_stack *s, uintptr_t pc)
{
	struct report_frame *f = report_stack_add_frame(s);
	f->pc = pc;
	f->line = f->column = -1;
	Dl_info info;
	if (dladdr((void *)(pc > 0 ? pc - 1 : pc), &info) == 0)
		return;
	f->module = report_strdup(info.dli_fname);
	f->offset = pc - (uintptr_t)info.dli_fbase;
	if (info.dli_sname)
		f->function = name_of(info.dli_sname);
}

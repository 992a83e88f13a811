/*
 * check_elf.c - ELF hardening and dangerous imports of every executable and
 * shared object in the image, computed like Debian's `checksec --file`:
 *
 *   NX      PT_GNU_STACK present and without PF_X. No PT_GNU_STACK means an
 *           executable stack (the kernel's default on MIPS and older ABIs).
 *   PIE     ET_EXEC is "no PIE"; ET_DYN is PIE or a shared library, never
 *           "no PIE" (only executables are reported).
 *   RELRO   none / partial (PT_GNU_RELRO) / full (+ DT_BIND_NOW, DF_BIND_NOW
 *           or DF_1_NOW). Only "none" is reported: partial RELRO is the
 *           toolchain default of most firmware and would drown the report.
 *   canary  a symbol (.dynsym, or .symtab of static binaries when present)
 *           named __stack_chk_fail* or __stack_chk_guard, as checksec's
 *           `readelf -s | grep`.
 *   FORTIFY a .dynsym symbol ending in "_chk". Reported as missing only when
 *           the binary imports a function glibc has a _chk variant of (so a
 *           library that copies no memory is not blamed).
 *   RPATH   DT_RPATH/DT_RUNPATH with an entry that is relative (empty, "."
 *           or not starting with '/' or $ORIGIN), under a place writable at
 *           run time (/tmp, /var/tmp, /dev/shm, /mnt, /media, /home) or a
 *           directory that is world-writable in the image.
 *   stripped  no .symtab: computed, never reported (not a weakness).
 *   dangerous imports  undefined .dynsym symbols gets, strcpy, strcat,
 *           sprintf, vsprintf, system, popen.
 *
 * Readable on a 2,000-binary image: for each property, if at most
 * ELF_PER_BINARY (10) files lack it, one finding per file; if more, ONE
 * summary finding (elf.summary, or elf.dangerous-import-summary) with the
 * count and the first ten paths as evidence, instead of the per-file ones.
 *
 * Hostile input: files are opened O_NOFOLLOW, must be regular and at most
 * ELF_MAX_SIZE bytes, and are parsed only through libelf's accessors
 * (gelf_getphdr, gelf_getdyn, gelf_getsym, elf_strptr), every return
 * checked; both byte orders and both classes come from libelf. A file libelf
 * refuses is skipped silently (it may be data that only looks like ELF); an
 * ELF file over 64 MiB is skipped and the check returns JCS_E_LIMIT, so the
 * result names the check among its limitations (after all its findings).
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/mem.h"
#include "check_int.h"

#define ELF_MAX_SIZE (64u << 20)
#define ELF_PER_BINARY 10
#define ELF_MAX_SYMS (1u << 22) /* symbols looked at per table */

enum prop { P_NX, P_PIE, P_RELRO, P_CANARY, P_FORTIFY, P_RPATH, P_DANGER,
	    P_LAST };

static const char *const prop_rule[P_LAST] = {
	"elf.no-nx", "elf.no-pie", "elf.no-relro", "elf.no-canary",
	"elf.no-fortify", "elf.rpath", "elf.dangerous-import"};
static const char *const prop_what[P_LAST] = {
	"NX (non-executable stack)", "PIE", "RELRO", "a stack canary",
	"FORTIFY_SOURCE", "a safe library path (RPATH/RUNPATH)", NULL};

struct hit {
	size_t ev;    /* evidence index */
	char *detail; /* owned, may be NULL */
	unsigned mask; /* dangerous imports, bit k: dangerous[k] */
};

struct hits {
	struct hit *v;
	size_t n, cap;
};

struct facts {
	int is_exec;          /* ET_EXEC */
	int has_stack, stack_x;
	int has_relro, bind_now;
	int canary, fortified, fortifiable;
	int has_dynamic, has_symtab;
	char rpath[512];      /* offending entries */
	char danger[128];     /* dangerous imports, comma-separated */
	unsigned mask;        /* the same, bit k: dangerous[k] */
};

static const char *const dangerous[] = {"gets", "strcpy", "strcat",
					"sprintf", "vsprintf", "system",
					"popen", NULL};

/* Functions glibc has a __<name>_chk variant of (glibc 2.36). */
static const char *const fortifiable[] = {
	"memcpy", "memmove", "mempcpy", "memset", "stpcpy", "stpncpy",
	"strcat", "strcpy", "strncat", "strncpy", "sprintf", "vsprintf",
	"snprintf", "vsnprintf", "printf", "vprintf", "fprintf", "vfprintf",
	"dprintf", "vdprintf", "asprintf", "vasprintf", "obstack_printf",
	"obstack_vprintf", "syslog", "vsyslog", "gets", "fgets",
	"fgets_unlocked", "fread", "fread_unlocked", "read", "pread",
	"pread64", "recv", "recvfrom", "readlink", "readlinkat", "getcwd",
	"getwd", "realpath", "confstr", "getgroups", "ttyname_r",
	"getlogin_r", "gethostname", "getdomainname", "ptsname_r", "poll",
	"ppoll", "longjmp", "wctomb", "mbstowcs", "wcstombs", "mbsrtowcs",
	"mbsnrtowcs", "wcsrtombs", "wcsnrtombs", "wcrtomb", "wmemcpy",
	"wmemmove", "wmempcpy", "wmemset", "wcscpy", "wcpcpy", "wcsncpy",
	"wcpncpy", "wcscat", "wcsncat", "swprintf", "vswprintf", "wprintf",
	"fwprintf", "vwprintf", "vfwprintf", "fgetws", "fgetws_unlocked",
	"explicit_bzero", "fdelt", NULL};

static int in_list(const char *const *list, const char *name)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(list[i], name))
			return 1;
	return 0;
}

static void append(char *buf, size_t cap, const char *item)
{
	size_t n = strlen(buf);

	if (n + 1 >= cap)
		return;
	snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", item);
}

static void add_hit(struct hits *h, size_t ev, const char *detail,
		    unsigned mask)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		struct hit *v = jcsi_realloc(h->v, cap * sizeof(*v));

		if (!v)
			return; /* out of memory: the finding is lost */
		h->v = v;
		h->cap = cap;
	}
	h->v[h->n].ev = ev;
	h->v[h->n].detail = detail ? jcsi_strdup(detail) : NULL;
	h->v[h->n].mask = mask;
	h->n++;
}

static void symbols(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh,
		    struct facts *f, int dynamic)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n;

	if (!d || sh->sh_entsize == 0)
		return;
	n = sh->sh_size / sh->sh_entsize;
	if (n > ELF_MAX_SYMS)
		n = ELF_MAX_SYMS;
	for (size_t i = 1; i < n; i++) {
		GElf_Sym sym;
		const char *name, *b;

		if (!gelf_getsym(d, (int)i, &sym))
			break;
		name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		if (!strncmp(name, "__stack_chk_fail", 16) ||
		    !strcmp(name, "__stack_chk_guard") ||
		    !strcmp(name, "__intel_security_cookie"))
			f->canary = 1;
		if (!dynamic)
			continue;
		b = name;
		while (*b == '_')
			b++;
		if (strlen(b) > 4 && !strcmp(b + strlen(b) - 4, "_chk"))
			f->fortified = 1;
		else if (in_list(fortifiable, b))
			f->fortifiable = 1;
		if (sym.st_shndx != SHN_UNDEF)
			continue;
		for (unsigned k = 0; dangerous[k]; k++)
			if (!strcmp(dangerous[k], name))
				f->mask |= 1u << k;
	}
}

static int under(const char *p, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(p, dir, n) && (p[n] == '/' || p[n] == '\0');
}

/* One DT_RPATH/DT_RUNPATH value: keep the entries that are unsafe. */
static void rpath_check(struct jcsi_scan *s, const struct jcsi_ev *e,
			const char *val, struct facts *f)
{
	static const char *const writable[] = {"/tmp", "/var/tmp", "/dev/shm",
					       "/mnt", "/media", "/home",
					       NULL};
	const char *p = val;

	for (;;) {
		const char *c = strchr(p, ':');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		char ent[256];
		int bad = 0;

		if (len >= sizeof(ent))
			len = sizeof(ent) - 1;
		memcpy(ent, p, len);
		ent[len] = '\0';
		if (ent[0] == '\0' || (ent[0] != '/' && ent[0] != '$')) {
			bad = 1; /* relative: resolved against the cwd */
		} else if (ent[0] == '/') {
			const struct jcsi_ev *d;

			for (size_t i = 0; writable[i]; i++)
				if (under(ent, writable[i]))
					bad = 1;
			d = jcsi_scan_find(s, e->container, ent);
			if (d && d->kind == JCSI_EV_DIR && (d->mode & 0002))
				bad = 1;
		}
		if (bad)
			append(f->rpath, sizeof(f->rpath),
			       ent[0] ? ent : "(empty)");
		if (!c)
			break;
		p = c + 1;
	}
}

static void dynamic(struct jcsi_scan *s, const struct jcsi_ev *e, Elf *elf,
		    Elf_Scn *scn, const GElf_Shdr *sh, struct facts *f)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n;

	if (!d || sh->sh_entsize == 0)
		return;
	f->has_dynamic = 1;
	n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < n && i < 65536; i++) {
		GElf_Dyn dyn;

		if (!gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_BIND_NOW ||
		    (dyn.d_tag == DT_FLAGS && (dyn.d_un.d_val & DF_BIND_NOW)) ||
		    (dyn.d_tag == DT_FLAGS_1 && (dyn.d_un.d_val & DF_1_NOW)))
			f->bind_now = 1;
		if (dyn.d_tag == DT_RPATH || dyn.d_tag == DT_RUNPATH) {
			const char *v = elf_strptr(elf, sh->sh_link,
						   (size_t)dyn.d_un.d_val);

			if (v)
				rpath_check(s, e, v, f);
		}
	}
}

/* 1: F filled; 0: not an ELF file libelf accepts; -1: an ELF file larger
   than ELF_MAX_SIZE (not parsed). */
static int inspect(struct jcsi_scan *s, const struct jcsi_ev *e,
		   struct facts *f)
{
	struct stat st;
	unsigned char magic[4];
	Elf *elf = NULL;
	Elf_Scn *scn = NULL;
	GElf_Ehdr eh;
	size_t phnum = 0;
	int ok = 0, fd;

	memset(f, 0, sizeof(*f));
	fd = open(e->disk, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 52 ||
	    pread(fd, magic, 4, 0) != 4 || memcmp(magic, ELFMAG, SELFMAG))
		goto out;
	if ((uint64_t)st.st_size > ELF_MAX_SIZE) {
		ok = -1;
		goto out;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh))
		goto out;
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		goto out;
	f->is_exec = eh.e_type == ET_EXEC;
	if (elf_getphdrnum(elf, &phnum) != 0)
		goto out;
	for (size_t i = 0; i < phnum && i < 4096; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph))
			goto out;
		if (ph.p_type == PT_GNU_STACK) {
			f->has_stack = 1;
			f->stack_x = (ph.p_flags & PF_X) != 0;
		} else if (ph.p_type == PT_GNU_RELRO) {
			f->has_relro = 1;
		}
	}
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			break;
		if (sh.sh_type == SHT_DYNSYM)
			symbols(elf, scn, &sh, f, 1);
		else if (sh.sh_type == SHT_SYMTAB) {
			f->has_symtab = 1;
			symbols(elf, scn, &sh, f, 0);
		} else if (sh.sh_type == SHT_DYNAMIC)
			dynamic(s, e, elf, scn, &sh, f);
	}
	for (unsigned k = 0; dangerous[k]; k++) /* in list order */
		if (f->mask & (1u << k))
			append(f->danger, sizeof(f->danger), dangerous[k]);
	ok = 1;
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return ok;
}

static int candidate(const struct jcsi_ev *e)
{
	if (e->kind != JCSI_EV_FILE)
		return 0;
	if (!e->type[0])
		return e->size >= 52; /* plain directory: sniffed */
	return !strncmp(e->type, "elf-executable", 14) ||
	       !strncmp(e->type, "elf-shared-object", 17);
}

static struct jcsi_scan *sort_scan; /* for by_path (qsort has no context) */

static int by_path(const void *x, const void *y)
{
	const struct jcsi_ev *a = jcsi_scan_entry(sort_scan,
						  ((const struct hit *)x)->ev);
	const struct jcsi_ev *b = jcsi_scan_entry(sort_scan,
						  ((const struct hit *)y)->ev);

	if (a->container != b->container)
		return a->container < b->container ? -1 : 1;
	return strcmp(a->dev, b->dev);
}

/* Per-file findings, or one summary: in path order, so the ten paths of a
   summary do not depend on the order the directory was read in. */
static void report(struct jcsi_scan *s, enum prop p, struct hits *h)
{
	char subj[32], ev[2048] = "", detail[600];

	sort_scan = s;
	if (h->n > 1)
		qsort(h->v, h->n, sizeof(*h->v), by_path);
	if (h->n <= ELF_PER_BINARY) {
		for (size_t i = 0; i < h->n; i++) {
			const struct jcsi_ev *e = jcsi_scan_entry(s, h->v[i].ev);

			jcsi_emit(s, prop_rule[p], e, 0, e->dev,
				  h->v[i].detail, NULL);
		}
		return;
	}
	for (size_t i = 0; i < h->n && i < ELF_PER_BINARY; i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, h->v[i].ev);
		size_t n = strlen(ev);

		snprintf(ev + n, sizeof(ev) - n, "%s%s", n ? "\n" : "", e->dev);
	}
	{
		size_t n = strlen(ev);

		snprintf(ev + n, sizeof(ev) - n, "\n... and %zu more",
			 h->n - ELF_PER_BINARY);
	}
	snprintf(subj, sizeof(subj), "%zu", h->n);
	if (p == P_DANGER) {
		char fns[128] = "";
		unsigned mask = 0;

		for (size_t i = 0; i < h->n; i++)
			mask |= h->v[i].mask;
		for (unsigned k = 0; dangerous[k]; k++)
			if (mask & (1u << k))
				append(fns, sizeof(fns), dangerous[k]);
		jcsi_emit(s, "elf.dangerous-import-summary", NULL, 0, subj,
			  fns, ev);
		return;
	}
	snprintf(detail, sizeof(detail), "%s", prop_what[p]);
	jcsi_emit(s, "elf.summary", NULL, 0, subj, detail, ev);
}

static jcs_rc run(struct jcsi_scan *s)
{
	struct hits h[P_LAST];
	struct facts f;
	jcs_rc rc = JCS_OK;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return JCS_E_UNSUPPORTED;
	memset(h, 0, sizeof(h));
	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		int got;

		if (!candidate(e))
			continue;
		got = inspect(s, e, &f);
		if (got < 0)
			rc = JCS_E_LIMIT; /* said as a limitation of the check */
		if (got <= 0)
			continue;
		if (!f.has_stack || f.stack_x)
			add_hit(&h[P_NX], i, NULL, 0);
		if (f.is_exec)
			add_hit(&h[P_PIE], i, NULL, 0);
		if (!f.has_relro)
			add_hit(&h[P_RELRO], i, NULL, 0);
		if (!f.canary)
			add_hit(&h[P_CANARY], i, NULL, 0);
		if (f.has_dynamic && !f.fortified && f.fortifiable)
			add_hit(&h[P_FORTIFY], i, NULL, 0);
		if (f.rpath[0])
			add_hit(&h[P_RPATH], i, f.rpath, 0);
		if (f.danger[0])
			add_hit(&h[P_DANGER], i, f.danger, f.mask);
	}
	for (int p = 0; p < P_LAST; p++) {
		report(s, (enum prop)p, &h[p]);
		for (size_t i = 0; i < h[p].n; i++)
			jcsi_free(h[p].v[i].detail);
		jcsi_free(h[p].v);
	}
	return rc;
}

const struct jcsi_check jcsi_check_elf = {
	"elf", "ELF hardening (NX, PIE, RELRO, canary, FORTIFY, RPATH) and "
	       "dangerous imports",
	run};

/*
 * check_hygiene.c - system hygiene from the file list alone: set-ID files,
 * world-writable files and directories outside temporary places, and
 * development leftovers (shell history, version-control directories, core
 * dumps). Modes are the original ones from the manifest.
 */
#include <stdio.h>
#include <string.h>

#include "check_int.h"

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int under(const char *dev, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(dev, dir, n) == 0 && (dev[n] == '/' || dev[n] == '\0');
}

/* Places meant to be writable by everyone at run time. */
static int temporary(const char *dev)
{
	static const char *const dirs[] = {"/tmp", "/var/tmp", "/dev",
					   "/proc", "/sys", "/run",
					   "/var/run", "/var/lock", NULL};

	for (size_t i = 0; dirs[i]; i++)
		if (under(dev, dirs[i]))
			return 1;
	return 0;
}

static int inside_vcs(const char *dev)
{
	return strstr(dev, "/.git/") || strstr(dev, "/.svn/") ||
	       strstr(dev, "/.hg/") || strstr(dev, "/CVS/");
}

static jcs_rc run(struct jcsi_scan *s)
{
	static const char *const history[] = {
		".bash_history", ".ash_history", ".sh_history", ".zsh_history",
		".history", ".mysql_history", ".python_history", ".psql_history",
		".lesshst", ".viminfo", NULL};
	char subj[600];

	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);
		const char *b = base(e->dev);

		if (e->kind == JCSI_EV_SYMLINK)
			continue;
		if (e->kind == JCSI_EV_FILE && (e->mode & 06000)) {
			snprintf(subj, sizeof(subj), "%s (mode %04o, owner %u)",
				 e->dev, e->mode, e->uid);
			jcsi_emit(s, "hygiene.setuid", e, 0, subj, NULL, NULL);
		}
		if ((e->kind == JCSI_EV_FILE || e->kind == JCSI_EV_DIR) &&
		    (e->mode & 0002) && !temporary(e->dev) &&
		    !(e->kind == JCSI_EV_DIR && (e->mode & 01000))) {
			snprintf(subj, sizeof(subj), "%s %s (mode %04o)",
				 e->kind == JCSI_EV_DIR ? "directory" : "file",
				 e->dev, e->mode);
			jcsi_emit(s, "hygiene.world-writable", e, 0, subj, NULL,
				  NULL);
		}
		if (e->kind == JCSI_EV_FILE && e->size > 0 &&
		    !inside_vcs(e->dev)) {
			for (size_t k = 0; history[k]; k++)
				if (strcmp(b, history[k]) == 0)
					jcsi_emit(s, "hygiene.shell-history",
						  e, 0, e->dev, NULL, NULL);
		}
		if (e->kind == JCSI_EV_DIR && !inside_vcs(e->dev) &&
		    (!strcmp(b, ".git") || !strcmp(b, ".svn") ||
		     !strcmp(b, ".hg") || !strcmp(b, "CVS")))
			jcsi_emit(s, "hygiene.vcs-directory", e, 0, e->dev,
				  NULL, NULL);
		if (e->kind == JCSI_EV_FILE && !strcmp(e->type, "elf-core"))
			jcsi_emit(s, "hygiene.core-dump", e, 0, e->dev, NULL,
				  NULL);
	}
	return JCS_OK;
}

const struct jcsi_check jcsi_check_hygiene = {
	"hygiene", "set-ID, world-writable and leftover development files",
	run};

/*
 * probe_defer.h - what a check running work in threads writes, kept
 * aside and written afterwards in a fixed order. A thread that has begun
 * a log records its findings, observations, limitations and services
 * there (jcsi_probe_emit & co. look); the check then replays the logs, in
 * the order it chooses, from its own thread: the result is the same from
 * run to run whichever thread finished first, and the result document is
 * only ever touched by one thread.
 */
#ifndef JCSTAR_PROBE_DEFER_H
#define JCSTAR_PROBE_DEFER_H

#include "probe.h"

struct jcsi_probe_log;

struct jcsi_probe_log *jcsi_probe_log_new(void);
/* From now on this thread's probe output goes to LOG (NULL: again to the
   result). */
void jcsi_probe_log_use(struct jcsi_probe_log *log);
/* Writes LOG into P's result in the order it was recorded, and frees
   it (LOG MAY be NULL). Call with no log in use on this thread. */
void jcsi_probe_log_replay(struct jcsi_probe *p, struct jcsi_probe_log *log);

/* For probe.c: the log in use on this thread, or NULL; and recording. */
struct jcsi_probe_log *jcsi_probe_log_current(void);
void jcsi_probe_log_emit(struct jcsi_probe_log *log, const char *rule,
			 const struct jcsi_service *s, const char *subject,
			 const char *detail, const char *evidence);
void jcsi_probe_log_observe(struct jcsi_probe_log *log, const char *id,
			    const struct jcsi_service *s, const char *title,
			    const char *evidence);
void jcsi_probe_log_limitation(struct jcsi_probe_log *log, const char *what,
			       const char *why);
void jcsi_probe_log_service(struct jcsi_probe_log *log,
			    const struct jcsi_service *s);

#endif

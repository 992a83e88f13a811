/*
 * probe_list.h - every probe check, one line each (included twice by
 * probe.c). A check family is one file probe_<name>.c (or more) defining
 * jcsi_probe_check_<name>, one line here and its rules in
 * data/rules/probe-<family>.tsv.
 */
PROBE_CHECK(cleartext)
PROBE_CHECK(tls)
PROBE_CHECK(credentials)
PROBE_CHECK(lockout)
PROBE_CHECK(udp)
PROBE_CHECK(http)

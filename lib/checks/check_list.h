/*
 * check_list.h - every check, one line each (included twice by scan.c).
 * A new check family is one file check_<name>.c defining
 * jcsi_check_<name> plus one line here and its rules in data/rules/<name>.tsv.
 */
CHECK(accounts)
CHECK(console)
CHECK(services)
CHECK(ssh)
CHECK(hygiene)
CHECK(elf)
CHECK(network)
CHECK(content)
CHECK(update)
CHECK(vulns)

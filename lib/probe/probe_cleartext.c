/*
 * probe_cleartext.c - the core's own check: services that carry logins
 * in clear text. Telnet in any form; FTP that does not offer TLS (AUTH
 * TLS refused); MQTT without TLS. HTTP is the http check's, since only a
 * login or admin page over it makes it a finding.
 */
#include <stdio.h>
#include <string.h>

#include "probe.h"

static jcs_rc run(struct jcsi_probe *p)
{
	for (size_t i = 0; i < jcsi_probe_count(p); i++) {
		const struct jcsi_service *s = jcsi_probe_service(p, i);
		char port[8], ev[320];
		const char *rule = NULL;

		if (!strcmp(s->name, "telnet"))
			rule = "live.telnet-open";
		else if (!strcmp(s->name, "ftp") && !s->starttls)
			rule = "live.ftp-cleartext";
		else if (!strcmp(s->name, "mqtt"))
			rule = "live.mqtt-cleartext";
		if (!rule)
			continue;
		snprintf(port, sizeof(port), "%u", s->port);
		snprintf(ev, sizeof(ev), "%s", s->banner ? s->banner
							  : "(no banner)");
		jcsi_probe_emit(p, rule, s, port, s->product ? s->product
							     : s->name, ev);
	}
	return JCS_OK;
}

const struct jcsi_probe_check jcsi_probe_check_cleartext = {
	"cleartext",
	"cleartext services carrying logins (telnet, FTP, MQTT)",
	run,
	.tcp = 1,
};

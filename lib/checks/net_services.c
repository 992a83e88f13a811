/*
 * net_services.c - MQTT brokers and FTP servers that carry data and
 * credentials without TLS.
 *
 * mosquitto.conf (and its include_dir): every "listener PORT" without
 * certfile/keyfile (or psk_hint) that does not bind to loopback; the
 * default listener when "port" is set without certificates; bridges
 * ("connection") to a public address without bridge_cafile/capath/psk.
 * Without any listener or port line mosquitto 2 listens on loopback only:
 * not reported.
 * vsftpd.conf without ssl_enable=YES, or with force_local_logins_ssl=NO;
 * proftpd.conf (and Include files) without TLSEngine on and TLSRequired
 * other than off; pure-ftpd with TLS below 2 (pure-ftpd.conf "TLS n", or
 * Debian's /etc/pure-ftpd/conf/TLS). busybox ftpd/tcpsvd are services
 * started at boot, the `services` check's business.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/mem.h"
#include "net_int.h"

/* "KEY VALUE" or "KEY=VALUE" into KEY and VAL (rest of the line) */
static void key_value(const char *line, char sep, char *key, size_t kcap,
		      char *val, size_t vcap)
{
	size_t n = 0;
	const char *v;

	while (line[n] && line[n] != sep && line[n] != ' ' && line[n] != '\t')
		n++;
	snprintf(key, kcap, "%.*s", (int)n, line);
	v = line + n;
	while (*v == ' ' || *v == '\t' || *v == sep)
		v++;
	snprintf(val, vcap, "%s", v);
}

/* --- mosquitto ------------------------------------------------------------ */

struct mq_listener {
	int on, tls, loopback;
	char port[16], name[64];
	const struct jcsi_ev *e;
	uint64_t line;
	char text[300];
};

struct mq {
	struct mq_listener def, cur, bridge;
	int in; /* 'l' listener, 'b' bridge, 0 top */
	int includes, listeners;
};

static void mq_parse(struct jcsi_scan *s, const struct jcsi_ev *e,
		     void *user);

static void mq_flush(struct jcsi_scan *s, struct mq_listener *l, int bridge)
{
	char detail[40], subj[100];

	if (l->on && !l->tls && !l->loopback && strcmp(l->port, "0")) {
		snprintf(detail, sizeof(detail), "port %s",
			 l->port[0] ? l->port : "1883");
		snprintf(subj, sizeof(subj), "%s%s", bridge
			 ? "mosquitto bridge " : "mosquitto listener",
			 bridge ? l->name : "");
		jcsi_emit(s, "network.mqtt-plain", l->e, l->line, subj, detail,
			  l->text);
	}
	memset(l, 0, sizeof(*l));
}

static int mq_line(struct jcsi_scan *s, const struct jcsi_ev *e, uint64_t no,
		   char *line, void *user)
{
	struct mq *m = user;
	char key[64], val[256], port[16];
	struct mq_listener *l = m->in == 'l' ? &m->cur
				: m->in == 'b' ? &m->bridge
					       : &m->def;

	jcsi_net_strip_comment(line);
	key_value(line, ' ', key, sizeof(key), val, sizeof(val));
	if (!strcmp(key, "listener") || !strcmp(key, "connection")) {
		mq_flush(s, &m->cur, 0);
		mq_flush(s, &m->bridge, 1);
		m->in = key[0] == 'l' ? 'l' : 'b';
		m->listeners += key[0] == 'l';
		l = m->in == 'l' ? &m->cur : &m->bridge;
		l->on = key[0] == 'l';
		l->e = e;
		l->line = no;
		net_copy(l->text, sizeof(l->text), line);
		if (key[0] == 'l') {
			char bind[128] = "";

			sscanf(val, "%15s %127s", l->port, bind);
			l->loopback = bind[0] &&
				      (jcsi_net_listen_addr(bind, port,
							    sizeof(port)) ||
				       !strcmp(bind, "127.0.0.1") ||
				       !strcmp(bind, "localhost") ||
				       !strcmp(bind, "::1"));
		} else {
			net_copy(l->name, sizeof(l->name), val);
		}
	} else if (!strcmp(key, "port") && m->in != 'b') {
		m->def.on = 1;
		snprintf(m->def.port, sizeof(m->def.port), "%.15s", val);
		m->def.e = e;
		m->def.line = no;
		net_copy(m->def.text, sizeof(m->def.text), line);
	} else if (!strcmp(key, "bind_address") && m->in != 'b') {
		m->def.loopback = !strcmp(val, "127.0.0.1") ||
				  !strcmp(val, "localhost") ||
				  !strcmp(val, "::1");
	} else if (!strcmp(key, "certfile") || !strcmp(key, "keyfile") ||
		   !strcmp(key, "psk_hint")) {
		if (m->in != 'b')
			l->tls = 1;
	} else if (m->in == 'b' && (!strcmp(key, "address") ||
				    !strcmp(key, "addresses"))) {
		const char *h = val;
		size_t n = strcspn(h, ": \t");
		const char *c = h + n;

		l->on = 1;
		l->line = no;
		l->e = e;
		net_copy(l->text, sizeof(l->text), line);
		l->loopback = jcsi_net_host_local(h, n);
		snprintf(l->port, sizeof(l->port), "1883");
		if (*c == ':')
			snprintf(l->port, sizeof(l->port), "%.*s",
				 (int)strspn(c + 1, "0123456789"), c + 1);
	} else if (m->in == 'b' && (!strcmp(key, "bridge_cafile") ||
				    !strcmp(key, "bridge_capath") ||
				    !strcmp(key, "bridge_psk"))) {
		l->tls = 1;
	} else if (!strcmp(key, "include_dir") && m->includes < 4) {
		char pat[300];

		snprintf(pat, sizeof(pat), "%s/*.conf", val);
		m->includes++;
		net_each_glob(s, e, pat, mq_parse, m);
		m->includes--;
	}
	return 0;
}

static void mq_parse(struct jcsi_scan *s, const struct jcsi_ev *e,
		     void *user)
{
	jcsi_scan_lines(s, e, mq_line, user);
}

void net_mosquitto(struct jcsi_scan *s, struct net_ctx *c,
		   const struct jcsi_ev *e)
{
	struct mq m;

	(void)c;
	memset(&m, 0, sizeof(m));
	mq_parse(s, e, &m);
	if (!m.cur.on && !m.listeners && !m.def.on) {
		char what[600];

		snprintf(what, sizeof(what), "MQTT broker %.400s", e->dev);
		jcsi_limitation(s, what, "no listener or port line: mosquitto "
				"1.x listens on port 1883 without TLS, 2.x on "
				"loopback only; the version decides, not "
				"reported");
	}
	mq_flush(s, &m.cur, 0);
	mq_flush(s, &m.bridge, 1);
	mq_flush(s, &m.def, 0);
}

/* --- FTP servers ------------------------------------------------------------ */

struct ftp {
	int tls, required;
	uint64_t tls_line, req_line;
	char tls_text[300], req_text[300];
	const struct jcsi_ev *tls_e, *req_e;
	int includes;
};

static void ftp_emit(struct jcsi_scan *s, const struct jcsi_ev *e,
		     const char *server, uint64_t line, const char *text)
{
	jcsi_emit(s, "network.ftp-plain", e, line, server, NULL, text);
}

static int vsftpd_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		       uint64_t no, char *line, void *user)
{
	struct ftp *f = user;
	char key[64], val[64];

	(void)s;
	(void)e;
	key_value(line, '=', key, sizeof(key), val, sizeof(val));
	if (!strcmp(key, "ssl_enable")) {
		f->tls = !strcasecmp(val, "YES");
		f->tls_line = no;
		net_copy(f->tls_text, sizeof(f->tls_text), line);
	} else if (!strcmp(key, "force_local_logins_ssl")) {
		f->required = strcasecmp(val, "NO") != 0;
		f->req_line = no;
		net_copy(f->req_text, sizeof(f->req_text), line);
	}
	return 0;
}

void net_vsftpd(struct jcsi_scan *s, struct net_ctx *c,
		const struct jcsi_ev *e)
{
	struct ftp f;

	(void)c;
	memset(&f, 0, sizeof(f));
	f.required = 1; /* vsftpd's default once ssl_enable=YES */
	if (jcsi_scan_lines(s, e, vsftpd_line, &f) != JCS_OK)
		return;
	if (!f.tls)
		ftp_emit(s, e, "vsftpd", f.tls_line,
			 f.tls_line ? f.tls_text
				    : "no ssl_enable=YES (default NO)");
	else if (!f.required)
		ftp_emit(s, e, "vsftpd", f.req_line, f.req_text);
}

static void pro_parse(struct jcsi_scan *s, const struct jcsi_ev *e,
		      void *user);

static int proftpd_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			uint64_t no, char *line, void *user)
{
	struct ftp *f = user;
	char key[64], val[256];

	jcsi_net_strip_comment(line);
	key_value(line, ' ', key, sizeof(key), val, sizeof(val));
	if (!strcasecmp(key, "TLSEngine")) {
		f->tls = jcsi_net_truthy(val);
		f->tls_line = no;
		f->tls_e = e;
		net_copy(f->tls_text, sizeof(f->tls_text), line);
	} else if (!strcasecmp(key, "TLSRequired")) {
		f->required = strcasecmp(val, "off") != 0;
		f->req_line = no;
		f->req_e = e;
		net_copy(f->req_text, sizeof(f->req_text), line);
	} else if (!strcasecmp(key, "Include") && f->includes < 8) {
		f->includes++;
		net_each_glob(s, e, val, pro_parse, f);
		f->includes--;
	}
	return 0;
}

static void pro_parse(struct jcsi_scan *s, const struct jcsi_ev *e,
		      void *user)
{
	jcsi_scan_lines(s, e, proftpd_line, user);
}

void net_proftpd(struct jcsi_scan *s, struct net_ctx *c,
		 const struct jcsi_ev *e)
{
	struct ftp f;

	(void)c;
	memset(&f, 0, sizeof(f));
	pro_parse(s, e, &f);
	if (!f.tls)
		ftp_emit(s, f.tls_e ? f.tls_e : e, "proftpd", f.tls_line,
			 f.tls_line ? f.tls_text
				    : "no TLSEngine on (mod_tls off)");
	else if (!f.required)
		ftp_emit(s, f.req_e ? f.req_e : e, "proftpd", f.req_line,
			 f.req_line ? f.req_text
				    : "no TLSRequired (default off)");
}

static int pure_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		     uint64_t no, char *line, void *user)
{
	struct ftp *f = user;
	char key[64], val[64];

	(void)s;
	(void)e;
	jcsi_net_strip_comment(line);
	if (user && !strcmp(net_base(e->dev), "TLS")) {
		snprintf(key, sizeof(key), "TLS");
		net_copy(val, sizeof(val), line);
	} else {
		key_value(line, ' ', key, sizeof(key), val, sizeof(val));
	}
	if (!strcasecmp(key, "TLS")) {
		f->tls = (int)strtol(val, NULL, 10) >= 2;
		f->tls_line = no;
		net_copy(f->tls_text, sizeof(f->tls_text), line);
	}
	return 0;
}

void net_pureftpd(struct jcsi_scan *s, struct net_ctx *c,
		  const struct jcsi_ev *e)
{
	struct ftp f;

	(void)c;
	memset(&f, 0, sizeof(f));
	if (jcsi_scan_lines(s, e, pure_line, &f) != JCS_OK || f.tls)
		return;
	ftp_emit(s, e, "pure-ftpd", f.tls_line,
		 f.tls_line ? f.tls_text : "no TLS setting (default 0)");
}

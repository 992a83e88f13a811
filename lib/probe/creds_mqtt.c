/*
 * creds_mqtt.c - MQTT logins through libmosquitto: a CONNECT without
 * credentials that the broker accepts (CONNACK 0) lets anyone publish
 * and subscribe; else CONNECT with user/password, CONNACK 0 = taken,
 * 4 (bad user name or password) / 5 (not authorised) = refused.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>
#include <pthread.h>

#include "lib/probe/creds_int.h"

struct mqtt_wait {
	int done;
	int rc;         /* CONNACK return code */
};

static void mqtt_on_connect(struct mosquitto *m, void *u, int rc)
{
	struct mqtt_wait *w = u;

	(void)m;
	w->done = 1;
	w->rc = rc;
}

static long long mqtt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define MQTT_CA_DIR "/etc/ssl/certs"

static void mqtt_lib_init(void)
{
	mosquitto_lib_init();
}

static enum jcsi_login_res mqtt_connect(struct jcsi_login *l,
					const char *user, const char *pass)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct mqtt_wait w = { 0, -1 };
	enum jcsi_login_res res = JCSI_LOGIN_ERROR;

	/* services are searched in parallel: initialise exactly once */
	pthread_once(&once, mqtt_lib_init);
	struct mosquitto *m = mosquitto_new(NULL, true, &w);

	if (!m) {
		snprintf(l->why, sizeof(l->why), "libmosquitto: out of memory");
		return JCSI_LOGIN_ERROR;
	}
	mosquitto_connect_callback_set(m, mqtt_on_connect);
	/* mqtts: no certificate verification (the tls check judges the
	   certificate; this only asks whether the password works).
	   libmosquitto wants a CA location even when it verifies nothing. */
	if (l->s->tls &&
	    (mosquitto_tls_set(m, NULL, MQTT_CA_DIR, NULL, NULL, NULL) !=
	     MOSQ_ERR_SUCCESS ||
	     mosquitto_tls_opts_set(m, 0, NULL, NULL) != MOSQ_ERR_SUCCESS ||
	     mosquitto_tls_insecure_set(m, true) != MOSQ_ERR_SUCCESS)) {
		snprintf(l->why, sizeof(l->why), "libmosquitto: TLS setup "
			 "failed");
		goto out;
	}
	if (user && mosquitto_username_pw_set(m, user, pass) != MOSQ_ERR_SUCCESS)
		goto out;
	/* keepalive 10 s; libmosquitto resolves the numeric address */
	int rc = mosquitto_connect(m, l->s->addr, l->s->port, 10);

	if (rc != MOSQ_ERR_SUCCESS) {
		int e = errno;

		snprintf(l->why, sizeof(l->why), "connect: %s",
			 rc == MOSQ_ERR_ERRNO ? strerror(e) :
						mosquitto_strerror(rc));
		res = rc == MOSQ_ERR_ERRNO && (e == ECONNREFUSED ||
					       e == ECONNRESET) ?
		      JCSI_LOGIN_REFUSED : JCSI_LOGIN_ERROR;
		goto out;
	}
	long long end = mqtt_now() + l->timeout_ms;

	while (!w.done && mqtt_now() < end && !jcsi_login_cancelled(l)) {
		rc = mosquitto_loop(m, 50, 1);
		if (rc != MOSQ_ERR_SUCCESS && !w.done) {
			/* closed without a CONNACK: refused */
			snprintf(l->why, sizeof(l->why),
				 "closed without CONNACK: %s",
				 mosquitto_strerror(rc));
			res = JCSI_LOGIN_REFUSED;
			goto out;
		}
	}
	if (!w.done) {
		snprintf(l->why, sizeof(l->why), "no CONNACK within %d ms",
			 l->timeout_ms);
		goto out;
	}
	snprintf(l->why, sizeof(l->why), "CONNACK %d (%s)", w.rc,
		 mosquitto_connack_string(w.rc));
	if (w.rc == 0) {
		res = JCSI_LOGIN_OK;
		mosquitto_disconnect(m);
	} else if (w.rc == 4 || w.rc == 5) {
		res = JCSI_LOGIN_FAIL;
	} else {
		res = JCSI_LOGIN_REFUSED;  /* 3: server unavailable */
	}
out:
	mosquitto_destroy(m);
	return res;
}

static enum jcsi_login_res mqtt_prepare(struct jcsi_login *l)
{
	enum jcsi_login_res res = mqtt_connect(l, NULL, NULL);

	if (res == JCSI_LOGIN_OK) {
		snprintf(l->why, sizeof(l->why),
			 "CONNECT without user name or password: CONNACK 0");
		return JCSI_LOGIN_NONE;
	}
	return res == JCSI_LOGIN_FAIL ? JCSI_LOGIN_OK : res;
}

static enum jcsi_login_res mqtt_attempt(struct jcsi_login *l, const char *user,
					const char *pass)
{
	return mqtt_connect(l, user, pass);
}

const struct jcsi_login_proto jcsi_login_mqtt = {
	.service = "mqtt",
	.label = "MQTT",
	.prepare = mqtt_prepare,
	.attempt = mqtt_attempt,
	.none_rule = "live.mqtt-anonymous",
	.none_stops = 1,   /* a broker that takes anyone takes any pair */
};

/*
 * probe_net.c - the network helpers of probe.h: every socket is
 * non-blocking and every wait is bounded by poll(), so a peer that stops
 * answering costs a timeout, never a hang.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "probe.h"
#include "creds_text.h"

int jcsi_net_connect(const struct sockaddr *sa, socklen_t salen,
		     int timeout_ms)
{
	struct pollfd pfd;
	int fd, e = 0;
	socklen_t el = sizeof(e);

	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0)
		return -1;
	if (connect(fd, sa, salen) == 0)
		return fd;
	if (errno != EINPROGRESS)
		goto fail;
	pfd.fd = fd;
	pfd.events = POLLOUT;
	for (;;) {
		int n = poll(&pfd, 1, timeout_ms);

		if (n > 0)
			break;
		if (n == 0) {
			errno = ETIMEDOUT;
			goto fail;
		}
		if (errno != EINTR)
			goto fail;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) < 0)
		goto fail;
	if (e) {
		errno = e;
		goto fail;
	}
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int jcsi_probe_connect(const struct jcsi_probe *p,
		       const struct jcsi_service *s)
{
	return jcsi_net_connect((const struct sockaddr *)&s->sa, s->salen,
				jcsi_probe_timeout_ms(p));
}

/* One FTP reply on FD; its code, or -1. */
static int ftp_reply_code(int fd, int timeout_ms)
{
	char buf[2048];
	size_t got = 0;
	int code = -1;

	while (got + 1 < sizeof(buf)) {
		ssize_t n = jcsi_net_read(fd, buf + got, sizeof(buf) - 1 - got,
					  timeout_ms);

		if (n <= 0)
			return -1;
		got += (size_t)n;
		int r = jcsi_ftp_reply(buf, got, &code);

		if (r < 0)
			return -1;
		if (r > 0)
			return code;
	}
	return -1;
}

int jcsi_probe_connect_tls(const struct jcsi_probe *p,
			   const struct jcsi_service *s)
{
	int fd = jcsi_probe_connect(p, s), tmo = jcsi_probe_timeout_ms(p);
	static const char auth[] = "AUTH TLS\r\n";

	if (fd < 0 || s->tls || !s->starttls)
		return fd;
	/* explicit FTPS (RFC 4217): greeting 220, AUTH TLS, 234, then the
	   TLS handshake on the same connection */
	if (ftp_reply_code(fd, tmo) != 220 ||
	    jcsi_net_write_all(fd, auth, sizeof(auth) - 1, tmo) ||
	    ftp_reply_code(fd, tmo) != 234) {
		close(fd);
		errno = EPROTO;
		return -1;
	}
	return fd;
}

/* Waits until FD is ready for EVENTS: 0, or -1 with errno (ETIMEDOUT
   once TIMEOUT_MS passed). A signal restarts the wait. */
static int wait_ready(int fd, short events, int timeout_ms)
{
	struct pollfd pfd = {fd, events, 0};

	for (;;) {
		int n = poll(&pfd, 1, timeout_ms);

		if (n > 0)
			return 0;
		if (n == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (errno != EINTR)
			return -1;
	}
}

ssize_t jcsi_net_read(int fd, void *buf, size_t len, int timeout_ms)
{
	for (;;) {
		ssize_t r;

		if (wait_ready(fd, POLLIN, timeout_ms))
			return -1;
		r = recv(fd, buf, len, 0);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		return r;
	}
}

int jcsi_net_write_all(int fd, const void *buf, size_t len, int timeout_ms)
{
	const char *p = buf;

	while (len) {
		ssize_t w;

		if (wait_ready(fd, POLLOUT, timeout_ms))
			return -1;
		w = send(fd, p, len, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int jcsi_tls_wait(int fd, int ssl_err, int timeout_ms)
{
	struct pollfd pfd = {fd, 0, 0};

	if (ssl_err == SSL_ERROR_WANT_READ)
		pfd.events = POLLIN;
	else if (ssl_err == SSL_ERROR_WANT_WRITE)
		pfd.events = POLLOUT;
	else
		return -1;
	for (;;) {
		int n = poll(&pfd, 1, timeout_ms);

		if (n > 0)
			return 0;
		if (n == 0)
			errno = ETIMEDOUT;  /* callers tell a wait from a fault */
		if (n == 0 || errno != EINTR)
			return -1;
	}
}

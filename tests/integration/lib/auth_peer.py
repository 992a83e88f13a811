#!/usr/bin/python3
"""auth_peer.py PORT MODE - a small HTTP login server, a test peer for
`jcstar probe` (credentials, lockout); runs inside a test namespace.

MODE slow:  /admin/ asks for Basic authentication (admin with a strong
            password, in no list); after 3
            wrong logins every further wrong one is answered only after a
            delay growing by 1.5 s each time (the way fail2ban-like
            throttles and many devices behave).
MODE rtsp:  an RTSP server (RFC 2326): DESCRIBE asks for Digest MD5
            (RFC 2617, qop=auth) and takes admin:12345 (a Hikvision-style
            default), verified here with hashlib (an implementation of
            its own); a camera's stream "/" then answers 404.
MODE form:  /login is a form login (fields user, pass): admin/admin gets
            a 302 to /home with a session cookie, anything else the form
            again (200 with a password field).
"""
import base64
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

PORT = int(sys.argv[1])
MODE = sys.argv[2]
FAILS = 0
LOCK = threading.Lock()
FORM = (b"<html><body><form method=post action=/login>"
        b"<input name=user><input type=\"password\" name=pass>"
        b"</form></body></html>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        global FAILS
        if MODE != "slow" or not self.path.startswith("/admin/"):
            self.send(200 if MODE == "form" else 404,
                      FORM if MODE == "form" else b"")
            return
        auth = self.headers.get("Authorization", "")
        good = "Basic " + base64.b64encode(b"admin:Peer-9xQ-strong").decode()
        if auth == good:
            self.send(200, b"admin area")
            return
        if auth:
            with LOCK:
                FAILS += 1
                n = FAILS
            if n > 3:
                time.sleep(1.5 * (n - 3))
        self.send(401, b"", [("WWW-Authenticate", 'Basic realm="peer"')])

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0") or 0)
        q = parse_qs(self.rfile.read(n).decode("utf-8", "replace"))
        if (MODE == "form" and self.path == "/login" and
                q.get("user") == ["admin"] and q.get("pass") == ["admin"]):
            self.send(302, b"", [("Location", "/home"),
                                 ("Set-Cookie", "session=1; HttpOnly")])
            return
        self.send(200, FORM)


def rtsp_ok(head):
    """Whether the Authorization of HEAD answers our challenge."""
    import hashlib
    import re
    auth = ""
    for line in head.split("\r\n")[1:]:
        if line.lower().startswith("authorization:"):
            auth = line.split(":", 1)[1].strip()
    if not auth.startswith("Digest "):
        return False
    f = dict(re.findall(r'(\w+)="?([^",]*)"?', auth[7:]))
    h = lambda x: hashlib.md5(x.encode()).hexdigest()
    ha1 = h("%s:%s:%s" % (f.get("username"), "cam", "12345"))
    ha2 = h("DESCRIBE:%s" % f.get("uri"))
    want = h(":".join([ha1, "abc123", f.get("nc", ""), f.get("cnonce", ""),
                       "auth", ha2]))
    return f.get("username") == "admin" and f.get("response") == want


class RtspHandler(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            self.serve()
        except ConnectionError:
            pass    # identification probes hang up at once

    def serve(self):
        while True:
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                c = self.rfile.read(1)
                if not c:
                    return
                head += c
            text = head.decode("latin-1")
            cseq = "0"
            for line in text.split("\r\n"):
                if line.lower().startswith("cseq:"):
                    cseq = line.split(":", 1)[1].strip()
            if rtsp_ok(text):
                out = "RTSP/1.0 404 Not Found\r\nCSeq: %s\r\n\r\n" % cseq
            else:
                out = ("RTSP/1.0 401 Unauthorized\r\nCSeq: %s\r\n"
                       'WWW-Authenticate: Digest realm="cam", nonce="abc123", '
                       'qop="auth"\r\n\r\n' % cseq)
            self.wfile.write(out.encode())


if MODE == "rtsp":
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer(("0.0.0.0", PORT), RtspHandler).serve_forever()
ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()

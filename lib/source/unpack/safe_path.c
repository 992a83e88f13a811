/*
 * safe_path.c - normalisation of container paths and symlink targets.
 */
#include "safe_path.h"

#include <string.h>

#include "../../core/mem.h"

#define COMPONENT_MAX 255

struct comps {
	const char **p;   /* component starts (into a private copy) */
	size_t *len;
	size_t n, cap;
};

static void comps_free(struct comps *c)
{
	jcsi_free(c->p);
	jcsi_free(c->len);
	memset(c, 0, sizeof(*c));
}

static int comps_push(struct comps *c, const char *s, size_t len)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		const char **p = jcsi_realloc(c->p, cap * sizeof(*p));
		size_t *l;

		if (!p)
			return -1;
		c->p = p;
		l = jcsi_realloc(c->len, cap * sizeof(*l));
		if (!l)
			return -1;
		c->len = l;
		c->cap = cap;
	}
	c->p[c->n] = s;
	c->len[c->n] = len;
	c->n++;
	return 0;
}

static int is_dotdot(const char *s, size_t len)
{
	return len == 2 && s[0] == '.' && s[1] == '.';
}

/* ".." between backslashes: "..\\..\\x" is one name on Linux but a
   traversal to anyone who later copies the tree to another system. */
static int hides_dotdot(const char *s, size_t len)
{
	size_t i = 0;

	while (i <= len) {
		size_t j = i;

		while (j < len && s[j] != '\\')
			j++;
		if (j - i == 2 && s[i] == '.' && s[i + 1] == '.' &&
		    (j < len || i > 0))
			return 1;
		i = j + 1;
	}
	return 0;
}

/* Length of the valid UTF-8 sequence at S (1-4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80;
		unsigned char hi = c == 0xed ? 0x9f : 0xbf;

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3
									 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80;
		unsigned char hi = c == 0xf4 ? 0x8f : 0xbf;

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 &&
				       (s[3] & 0xc0) == 0x80
			       ? 4
			       : 0;
	}
	return 0;
}

/*
 * Names are bytes on the device, but the manifest is JSON (UTF-8) and
 * must name files exactly as they are on disk. Bytes that are not UTF-8
 * (Latin-1 names, garbage) become "%XX" in both places.
 */
static char *utf8_escape(const char *in)
{
	size_t n = strlen(in), at = 0;
	char *out = jcsi_malloc(n * 3 + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_len((const unsigned char *)in + i);

		if (k == 0) {
			static const char hex[] = "0123456789ABCDEF";
			unsigned char c = (unsigned char)in[i++];

			out[at++] = '%';
			out[at++] = hex[c >> 4];
			out[at++] = hex[c & 15];
			continue;
		}
		memcpy(out + at, in + i, k);
		at += k;
		i += k;
	}
	out[at] = '\0';
	return out;
}

static char *comps_join(const struct comps *c, size_t from, size_t ups)
{
	size_t total = 0, i, at = 0;
	char *s;

	for (i = 0; i < ups; i++)
		total += 3;
	for (i = from; i < c->n; i++)
		total += c->len[i] + 1;
	s = jcsi_malloc(total + 2);
	if (!s)
		return NULL;
	for (i = 0; i < ups; i++) {
		memcpy(s + at, "../", 3);
		at += 3;
	}
	for (i = from; i < c->n; i++) {
		memcpy(s + at, c->p[i], c->len[i]);
		at += c->len[i];
		s[at++] = '/';
	}
	if (at > 0)
		at--; /* drop the trailing '/' */
	s[at] = '\0';
	return s;
}

/* Split IN into components, applying ".." only if ALLOW_UP (targets). */
static jcs_rc split(const char *in, struct comps *c, int allow_up,
		    const char **why)
{
	const char *s = in;

	while (*s) {
		const char *e = s;
		size_t len;

		while (*e && *e != '/')
			e++;
		len = (size_t)(e - s);
		for (size_t i = 0; i < len; i++) {
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
				*why = "control character in name";
				return JCS_E_UNSAFE_PATH;
			}
		}
		if (len > COMPONENT_MAX) {
			*why = "name component longer than 255 bytes";
			return JCS_E_UNSAFE_PATH;
		}
		if (len == 0 || (len == 1 && s[0] == '.')) {
			/* skip */
		} else if (is_dotdot(s, len)) {
			if (!allow_up) {
				*why = "'..' component (path traversal)";
				return JCS_E_UNSAFE_PATH;
			}
			if (c->n == 0) {
				*why = "target climbs above the container root";
				return JCS_E_UNSAFE_PATH;
			}
			c->n--;
		} else if (hides_dotdot(s, len)) {
			*why = "'..' behind backslash separators";
			return JCS_E_UNSAFE_PATH;
		} else if (comps_push(c, s, len) < 0) {
			return JCS_E_NOMEM;
		}
		s = *e ? e + 1 : e;
	}
	return JCS_OK;
}

jcs_rc jcsi_path_normalize(const char *raw, uint32_t max_path, char **out,
			   const char **why)
{
	struct comps c = {0};
	char *in;
	jcs_rc rc;

	*out = NULL;
	*why = NULL;
	if (strlen(raw) > max_path) {
		*why = "path longer than the limit";
		return JCS_E_UNSAFE_PATH;
	}
	in = utf8_escape(raw);
	if (!in)
		return JCS_E_NOMEM;
	rc = split(in, &c, 0, why);
	if (rc == JCS_OK) {
		*out = comps_join(&c, 0, 0);
		if (!*out)
			rc = JCS_E_NOMEM;
	}
	comps_free(&c);
	jcsi_free(in);
	return rc;
}

jcs_rc jcsi_link_canonical(const char *raw_link, const char *raw_target,
			   uint32_t max_path, char **out, const char **why)
{
	struct comps parent = {0}, dest = {0};
	size_t common = 0;
	char *link = NULL, *target = NULL;
	jcs_rc rc;

	*out = NULL;
	*why = NULL;
	if (strlen(raw_target) > max_path || raw_target[0] == '\0') {
		*why = raw_target[0] ? "link target longer than the limit"
				     : "empty link target";
		return JCS_E_UNSAFE_PATH;
	}
	link = utf8_escape(raw_link);
	target = utf8_escape(raw_target);
	if (!link || !target) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	rc = split(link, &parent, 0, why);
	if (rc != JCS_OK)
		goto out;
	if (parent.n == 0) {
		*why = "link has no name";
		rc = JCS_E_UNSAFE_PATH;
		goto out;
	}
	parent.n--; /* the link's own name */
	if (target[0] != '/') {
		for (size_t i = 0; i < parent.n; i++) {
			if (comps_push(&dest, parent.p[i], parent.len[i]) < 0) {
				rc = JCS_E_NOMEM;
				goto out;
			}
		}
	}
	rc = split(target, &dest, 1, why);
	if (rc != JCS_OK)
		goto out;
	while (common < parent.n && common < dest.n &&
	       parent.len[common] == dest.len[common] &&
	       memcmp(parent.p[common], dest.p[common], dest.len[common]) == 0)
		common++;
	*out = comps_join(&dest, common, parent.n - common);
	if (!*out) {
		rc = JCS_E_NOMEM;
	} else if ((*out)[0] == '\0') {
		jcsi_free(*out);
		*out = jcsi_strdup(".");
		if (!*out)
			rc = JCS_E_NOMEM;
	}
out:
	comps_free(&parent);
	comps_free(&dest);
	jcsi_free(link);
	jcsi_free(target);
	return rc;
}

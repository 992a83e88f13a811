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

jcs_rc jcsi_path_normalize(const char *in, uint32_t max_path, char **out,
			   const char **why)
{
	struct comps c = {0};
	jcs_rc rc;

	*out = NULL;
	*why = NULL;
	if (strlen(in) > max_path) {
		*why = "path longer than the limit";
		return JCS_E_UNSAFE_PATH;
	}
	rc = split(in, &c, 0, why);
	if (rc == JCS_OK) {
		*out = comps_join(&c, 0, 0);
		if (!*out)
			rc = JCS_E_NOMEM;
	}
	comps_free(&c);
	return rc;
}

jcs_rc jcsi_link_canonical(const char *link, const char *target,
			   uint32_t max_path, char **out, const char **why)
{
	struct comps parent = {0}, dest = {0};
	size_t common = 0;
	jcs_rc rc;

	*out = NULL;
	*why = NULL;
	if (strlen(target) > max_path || target[0] == '\0') {
		*why = target[0] ? "link target longer than the limit"
				 : "empty link target";
		return JCS_E_UNSAFE_PATH;
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
	return rc;
}

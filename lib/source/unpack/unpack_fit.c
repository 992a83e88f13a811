/*
 * unpack_fit.c - U-Boot FIT images (.itb, mkimage -f): a flattened device
 * tree whose /images node holds kernels, ramdisks, device trees... either
 * embedded ("data") or stored after the tree ("data-offset" relative to
 * the 4-aligned end of the tree, "data-position" from its start, with
 * "data-size").
 *
 * The tree is read with libfdt, but only after fdt_check_full() has
 * validated the whole structure against the bytes present (hostile input:
 * libfdt's other calls trust the header). A plain device tree has no
 * /images node and is not bid on, so ordinary DTBs stay plain files.
 * Each image becomes a file named after its node; the manifest records
 * per image type/arch/os/compression/hash algorithms, the default
 * configuration, and whether the image is signed (a signature node with
 * a value under a child of /configurations or /images) - a check for
 * verified boot.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "unpack_int.h"

#define FIT_HDR_MIN ((size_t)sizeof(struct fdt_header))
/* Steps of the head-only walk below; the /images node is near the top. */
#define FIT_WALK_MAX 4096
/* Bytes kept of one string property / of a list recorded in the info. */
#define FIT_STR_MAX 128
#define FIT_LIST_MAX 1024

/*
 * Head-only view (identification sees the first few KiB of a file, not
 * the whole tree): walk the structure block within LEN, looking for a
 * node "images" directly under the root. Every step checks the bytes it
 * reads are present, so a hostile header cannot make it read past LEN.
 */
static int head_has_images(const uint8_t *d, size_t len)
{
	uint64_t pos = fdt_off_dt_struct(d);
	int depth = 0;

	for (unsigned step = 0; step < FIT_WALK_MAX; step++) {
		uint32_t tag;

		if (!jcsi_in_bounds(len, pos, 4))
			return 0;
		tag = jcsi_be32(d + pos);
		pos += 4;
		if (tag == FDT_BEGIN_NODE) {
			const uint8_t *name = d + pos;
			const uint8_t *nul;

			if (pos >= len)
				return 0;
			nul = memchr(name, 0, len - (size_t)pos);
			if (!nul)
				return 0;
			depth++;
			if (depth == 2 && nul - name == 6 &&
			    memcmp(name, "images", 6) == 0)
				return 1;
			pos += ((uint64_t)(nul - name) + 1 + 3) & ~3ull;
		} else if (tag == FDT_END_NODE) {
			if (--depth <= 0)
				return 0;
		} else if (tag == FDT_PROP) {
			if (!jcsi_in_bounds(len, pos, 8))
				return 0;
			pos += 8 + (((uint64_t)jcsi_be32(d + pos) + 3) & ~3ull);
		} else if (tag != FDT_NOP) {
			return 0; /* FDT_END or garbage */
		}
	}
	return 0;
}

static int fit_bid(const uint8_t *d, size_t len)
{
	uint32_t total;

	/* fdt_check_header reads the whole 40-byte header */
	if (len < FIT_HDR_MIN || jcsi_be32(d) != FDT_MAGIC)
		return -1;
	if (fdt_check_header(d) != 0 || fdt_version(d) < 16)
		return -1;
	total = fdt_totalsize(d);
	/* libfdt works in int offsets */
	if (total > INT_MAX)
		return -1;
	if (total > len) /* truncated, or a head-only view */
		return head_has_images(d, len) ? 32 + 32 : -1;
	if (fdt_check_full(d, len) != 0)
		return -1;
	if (fdt_path_offset(d, "/images") < 0)
		return -1; /* a plain device tree */
	return 32 + 32 + 32;
}

/* PROP of NODE as a printable string in BUF; 0 if absent or empty. */
static int get_str(const void *fdt, int node, const char *prop, char *buf,
		   size_t cap)
{
	const char *p;
	int n = 0;
	size_t k = 0;

	p = fdt_getprop(fdt, node, prop, &n);
	if (!p || n <= 0)
		return 0;
	while (k < (size_t)n && k + 1 < cap && p[k]) {
		unsigned char c = (unsigned char)p[k];

		buf[k] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
		k++;
	}
	buf[k] = '\0';
	return k > 0;
}

/* A u32 property; 0 if absent or not 4 bytes. */
static int get_u32(const void *fdt, int node, const char *prop,
		   uint32_t *out)
{
	const uint8_t *p;
	int n = 0;

	p = fdt_getprop(fdt, node, prop, &n);
	if (!p || n != 4)
		return 0;
	*out = jcsi_be32(p);
	return 1;
}

/* Appends ITEM to the comma list LIST (CAP bytes). An item that does not
   fit whole is dropped, so the list never overflows or ends mid-name. */
static void list_add(char *list, size_t cap, const char *item)
{
	size_t n = strlen(list), k = strlen(item);

	if ((n ? 1 : 0) + k >= cap - n)
		return;
	if (n)
		list[n++] = ',';
	memcpy(list + n, item, k + 1);
}

/* The node name as a file/key name: printable, no '/', not "."/"..". */
static void safe_name(const void *fdt, int node, unsigned idx, char *buf,
		      size_t cap)
{
	const char *p;
	int n = 0;
	size_t k = 0;

	p = fdt_get_name(fdt, node, &n);
	while (p && n > 0 && k < (size_t)n && k + 1 < cap && p[k]) {
		unsigned char c = (unsigned char)p[k];

		buf[k] = (c > 0x20 && c < 0x7f && c != '/') ? (char)c : '_';
		k++;
	}
	buf[k] = '\0';
	if (k == 0 || strcmp(buf, ".") == 0 || strcmp(buf, "..") == 0)
		snprintf(buf, cap, "image-%u", idx);
}

/* info KEY "<image>.<field>" = VAL */
static void info_img(struct jcsi_extract *x, const char *img,
		     const char *field, const char *val)
{
	char key[FIT_STR_MAX + 32];

	snprintf(key, sizeof(key), "%s.%s", img, field);
	jcsi_info_str(x, key, val);
}

/*
 * Looks for signature* subnodes under every child of PARENT_PATH. Only a
 * node with a non-empty "value" counts as a signature: mkimage leaves the
 * node without one when it was not given a key, and such an image is as
 * unsigned as one without the node (*PLACEHOLDER notes the difference).
 */
static void find_signatures(const void *fdt, const char *parent_path,
			    int *found, int *placeholder, char *algo,
			    char *hint, size_t cap)
{
	int parent = fdt_path_offset(fdt, parent_path);
	int child, sub, n;

	if (parent < 0)
		return;
	fdt_for_each_subnode(child, fdt, parent) {
		fdt_for_each_subnode(sub, fdt, child) {
			const char *nm = fdt_get_name(fdt, sub, NULL);

			if (!nm || strncmp(nm, "signature", 9) != 0)
				continue;
			n = 0;
			if (!fdt_getprop(fdt, sub, "value", &n) || n <= 0) {
				*placeholder = 1;
				continue;
			}
			if (!*found) {
				get_str(fdt, sub, "algo", algo, cap);
				get_str(fdt, sub, "key-name-hint", hint, cap);
			}
			*found = 1;
		}
	}
}

/*
 * One /images subnode. External data is checked against LEN (the bytes
 * after the FIT's start that exist): an offset or size from the tree
 * never forms a pointer before that check. *END grows to the end of the
 * external data seen, for *consumed.
 */
static jcs_rc one_image(struct jcsi_extract *x, const uint8_t *d, size_t len,
			int node, unsigned idx, uint64_t *end, char *names,
			size_t names_cap)
{
	const void *fdt = d;
	char name[FIT_STR_MAX], val[FIT_STR_MAX], algos[FIT_STR_MAX];
	static const char *const fields[] = {"type", "arch", "os",
					     "compression", "description"};
	const void *data;
	uint64_t pos; /* 64 bits: data-offset + tree size must not wrap */
	uint32_t p32 = 0, size = 0;
	int n = 0, sub;
	jcs_rc rc = JCS_OK;

	safe_name(fdt, node, idx, name, sizeof(name));
	list_add(names, names_cap, name);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (get_str(fdt, node, fields[i], val, sizeof(val)))
			info_img(x, name, fields[i], val);
	algos[0] = '\0';
	fdt_for_each_subnode(sub, fdt, node) {
		const char *nm = fdt_get_name(fdt, sub, NULL);

		if (nm && strncmp(nm, "hash", 4) == 0 &&
		    get_str(fdt, sub, "algo", val, sizeof(val)))
			list_add(algos, sizeof(algos), val);
	}
	if (algos[0])
		info_img(x, name, "hash", algos);

	data = fdt_getprop(fdt, node, "data", &n);
	if (data && n >= 0) {
		/* inside the tree: fdt_check_full vouched for it */
		rc = jcsi_add_payload(x, name, data, (size_t)n, 0);
		goto out;
	}
	if (!get_u32(fdt, node, "data-size", &size)) {
		jcsi_fail(x, 0, "image %s has no data", name);
		goto out;
	}
	if (get_u32(fdt, node, "data-position", &p32)) {
		pos = p32;
		info_img(x, name, "data", "external");
	} else if (get_u32(fdt, node, "data-offset", &p32)) {
		/* relative to the tree's end rounded up to 4 bytes */
		pos = p32 + (((uint64_t)fdt_totalsize(fdt) + 3) & ~3ull);
		info_img(x, name, "data", "external");
	} else {
		jcsi_fail(x, 0, "image %s: data-size without an offset", name);
		goto out;
	}
	/* an offset from the tree could point anywhere: check first */
	if (pos >= len) {
		jcsi_fail(x, pos, "image %s: external data at %llu lies "
			  "outside the %zu bytes present",
			  name, (unsigned long long)pos, len);
		goto out;
	}
	if (!jcsi_in_bounds(len, pos, size)) {
		jcsi_fail(x, pos, "image %s: external data truncated (%u "
			  "bytes declared, %zu present)",
			  name, size, len - (size_t)pos);
		rc = jcsi_add_payload(x, name, d + pos, len - (size_t)pos, 1);
		if (*end < len)
			*end = len;
		goto out;
	}
	rc = jcsi_add_payload(x, name, d + pos, size, 0);
	if (*end < pos + size)
		*end = pos + size;
out:
	return rc;
}

static jcs_rc fit_extract(struct jcsi_extract *x, const uint8_t *d,
			  size_t len, uint64_t *consumed)
{
	const void *fdt = d;
	char val[FIT_STR_MAX], algo[FIT_STR_MAX], hint[FIT_STR_MAX];
	char names[FIT_LIST_MAX];
	uint64_t end;
	int images, node, cfg, signed_ = 0, placeholder = 0;
	unsigned idx = 0;
	jcs_rc rc = JCS_OK;

	*consumed = 0;
	if (fit_bid(d, len) < 0) {
		rc = JCS_E_FORMAT;
		goto out;
	}
	end = fdt_totalsize(fdt);
	if (end > len) {
		jcsi_fail(x, 0, "truncated: tree of %llu bytes, %zu present",
			  (unsigned long long)end, len);
		rc = JCS_E_TRUNCATED;
		goto out;
	}
	if (get_str(fdt, 0, "description", val, sizeof(val)))
		jcsi_info_str(x, "description", val);
	cfg = fdt_path_offset(fdt, "/configurations");
	if (cfg >= 0 && get_str(fdt, cfg, "default", val, sizeof(val)))
		jcsi_info_str(x, "default_config", val);

	algo[0] = hint[0] = '\0';
	find_signatures(fdt, "/configurations", &signed_, &placeholder, algo,
			hint, sizeof(algo));
	find_signatures(fdt, "/images", &signed_, &placeholder, algo, hint,
			sizeof(algo));
	jcsi_info_bool(x, "signed", signed_);
	if (placeholder)
		jcsi_info_bool(x, "signature_without_value", 1);
	if (algo[0])
		jcsi_info_str(x, "signature_algo", algo);
	if (hint[0])
		jcsi_info_str(x, "key_name_hint", hint);

	names[0] = '\0';
	images = fdt_path_offset(fdt, "/images");
	fdt_for_each_subnode(node, fdt, images) {
		rc = one_image(x, d, len, node, idx++, &end, names,
			       sizeof(names));
		if (rc != JCS_OK)
			break;
	}
	jcsi_info_str(x, "images", names);
	if (rc == JCS_OK && idx == 0)
		rc = JCS_E_FORMAT; /* an empty /images: nothing to show */
	*consumed = end;
out:
	return rc;
}

static const struct jcsi_magic fit_magics[] = {{"\xd0\x0d\xfe\xed", 4, 0},
					       {NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_fit = {"fit", fit_magics, fit_bid,
						fit_extract, 0};

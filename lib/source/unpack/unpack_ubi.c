/*
 * unpack_ubi.c - UBI images (raw NAND/NOR dumps and ubinize output): every
 * volume becomes one file named after it, holding the volume's logical
 * eraseblocks in order. What the volume holds (usually UBIFS, or a kernel
 * in a static volume) is found by the engine's recursion.
 *
 * Our own parser: no library reads UBI from user space. Layout (Linux
 * drivers/mtd/ubi/ubi-media.h, all big-endian): every physical eraseblock
 * (PEB) starts with a 64-byte erase counter (EC) header "UBI#"; a mapped
 * PEB also has a 64-byte volume identifier (VID) header "UBI!" at
 * vid_hdr_offset saying which volume and logical eraseblock (LEB) it
 * holds; data starts at data_offset. The internal layout volume holds the
 * volume table (names, types, sizes) twice. Headers carry CRC-32 with
 * initial value 0xffffffff and no final inversion.
 *
 * Volume data is never copied: each LEB is written straight from the
 * mapped image, so memory is one small record per PEB.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../../core/mem.h"
#include "unpack_int.h"

#define EC_HDR_SZ 64
#define VID_HDR_SZ 64
#define VTBL_REC_SZ 172
#define MAX_VOLUMES 128
#define LAYOUT_VOL_ID 0x7fffefffu
#define VOL_DYNAMIC 1
#define VOL_STATIC 2
#define PEB_MIN (16u << 10)
#define PEB_MAX (2u << 20)
/* Past this many failure records one image only repeats itself. */
#define MAX_FAILS 64

/* CRC-32 as UBI computes it: zlib's crc32 without its final inversion. */
static uint32_t ubi_crc(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(0, p, (uInt)n) ^ 0xffffffffu;
}

/* Nonzero if header P (N bytes before its CRC) matches CRC. Fuzzing
   builds accept any CRC so mutations reach the code behind the check. */
static int crc_ok(const uint8_t *p, size_t n, uint32_t crc)
{
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	(void)p;
	(void)n;
	(void)crc;
	return 1;
#else
	return ubi_crc(p, n) == crc;
#endif
}

/* A valid EC header at OFF (magic, version 1, CRC). */
static int ec_ok(const uint8_t *d, size_t len, uint64_t off)
{
	const uint8_t *h = d + off;

	if (!jcsi_in_bounds(len, off, EC_HDR_SZ))
		return 0;
	return memcmp(h, "UBI#", 4) == 0 && h[4] == 1 &&
	       crc_ok(h, EC_HDR_SZ - 4, jcsi_be32(h + 60));
}

static int all_ff(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0xff)
			return 0;
	return 1;
}

static int ubi_bid(const uint8_t *d, size_t len)
{
	uint32_t vid_off, data_off;

	if (!ec_ok(d, len, 0))
		return -1;
	vid_off = jcsi_be32(d + 16);
	data_off = jcsi_be32(d + 20);
	/* 64-bit sum: a vid_hdr_offset near 4 GiB must not wrap */
	if (vid_off < EC_HDR_SZ ||
	    data_off < (uint64_t)vid_off + VID_HDR_SZ || data_off >= PEB_MAX)
		return -1;
	return 32 + 8 + 32;
}

/* One mapped PEB, as its VID header describes it. */
struct leb {
	uint32_t vol_id, lnum;
	uint32_t data_size, used_ebs, data_pad, data_crc;
	uint64_t sqnum;
	uint32_t peb;
	uint8_t vol_type;
};

/* A volume table record we believed. */
struct vol {
	int present;
	uint32_t reserved_pebs, data_pad;
	uint8_t type;
	char name[MAX_VOLUMES + 16];
};

struct ubi {
	struct jcsi_extract *x;
	const uint8_t *d;
	size_t len;
	uint32_t peb_size, vid_off, data_off, leb_size;
	uint32_t n_pebs;
	struct leb *lebs;
	size_t n_lebs;
	struct vol vols[MAX_VOLUMES];
	int have_vtbl;
	unsigned fails;
};

static void ubi_fail(struct ubi *u, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* jcsi_fail with a ceiling, so a hostile image of a million bad headers
   cannot fill the manifest. */
static void ubi_fail(struct ubi *u, uint64_t off, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (u->fails++ > MAX_FAILS)
		return;
	if (u->fails > MAX_FAILS) {
		jcsi_fail(u->x, off, "more damage: further reports dropped");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jcsi_fail(u->x, off, "%s", msg);
}

/*
 * The PEB size is the distance between EC headers. The smallest power of
 * two with a valid EC header at an odd multiple of it is the answer: a
 * smaller (wrong) size only ever meets headers at even multiples, and an
 * odd multiple still finds the size when PEB 1 is erased or bad.
 */
static uint32_t find_peb_size(const uint8_t *d, size_t len, uint32_t data_off)
{
	for (uint32_t s = PEB_MIN; s <= PEB_MAX; s <<= 1) {
		if (data_off >= s)
			continue;
		for (uint64_t k = 1; jcsi_in_bounds(len, k * s, EC_HDR_SZ);
		     k += 2)
			if (ec_ok(d, len, k * s))
				return s;
	}
	return 0;
}

/* Count the PEBs that belong to this image: stop at the first one that is
   neither UBI of the same image sequence nor erased. */
static uint32_t count_pebs(struct ubi *u)
{
	uint32_t seq = jcsi_be32(u->d + 24), last = 0;

	for (uint64_t k = 0; (uint64_t)k * u->peb_size < u->len; k++) {
		uint64_t off = k * u->peb_size;
		const uint8_t *h = u->d + off;

		if (!jcsi_in_bounds(u->len, off, EC_HDR_SZ))
			break; /* a tail too short for a header */
		if (memcmp(h, "UBI#", 4) == 0) {
			uint32_t s = jcsi_be32(h + 24);

			if (ec_ok(u->d, u->len, off) && seq && s && s != seq)
				break; /* another UBI image follows */
			if (!ec_ok(u->d, u->len, off))
				ubi_fail(u, off, "PEB %llu: EC header damaged",
					 (unsigned long long)k);
			last = (uint32_t)k + 1;
		} else if (!all_ff(h, EC_HDR_SZ)) {
			break;
		}
		if (k + 1 >= UINT32_MAX)
			break;
	}
	return last;
}

/* Read every PEB's VID header into u->lebs. */
static jcs_rc scan_vids(struct ubi *u)
{
	u->lebs = jcsi_calloc(u->n_pebs, sizeof(*u->lebs));
	if (!u->lebs)
		return JCS_E_NOMEM;
	for (uint32_t k = 0; k < u->n_pebs; k++) {
		uint64_t off = (uint64_t)k * u->peb_size + u->vid_off;
		const uint8_t *h = u->d + off;
		struct leb *l = &u->lebs[u->n_lebs];

		if (!jcsi_in_bounds(u->len, off, VID_HDR_SZ)) {
			ubi_fail(u, off, "PEB %u: VID header past the end of "
				 "the image (truncated)", k);
			continue;
		}
		if (all_ff(h, VID_HDR_SZ))
			continue; /* unmapped PEB */
		if (memcmp(h, "UBI!", 4) != 0 || h[4] != 1 ||
		    !crc_ok(h, VID_HDR_SZ - 4, jcsi_be32(h + 60))) {
			ubi_fail(u, off, "PEB %u: VID header damaged", k);
			continue;
		}
		l->vol_type = h[5];
		l->vol_id = jcsi_be32(h + 8);
		l->lnum = jcsi_be32(h + 12);
		l->data_size = jcsi_be32(h + 20);
		l->used_ebs = jcsi_be32(h + 24);
		l->data_pad = jcsi_be32(h + 28);
		l->data_crc = jcsi_be32(h + 32);
		l->sqnum = jcsi_be64(h + 40);
		l->peb = k;
		/* an LEB number beyond the PEB count would make us invent
		   (and 0xff-fill) a volume larger than the image */
		if ((l->vol_id >= MAX_VOLUMES && l->vol_id != LAYOUT_VOL_ID) ||
		    (l->vol_type != VOL_DYNAMIC && l->vol_type != VOL_STATIC) ||
		    l->lnum >= u->n_pebs ||
		    (l->vol_id == LAYOUT_VOL_ID && l->lnum > 1) ||
		    l->data_size > u->leb_size || l->data_pad >= u->leb_size) {
			ubi_fail(u, off, "PEB %u: VID header out of range "
				 "(volume %u, LEB %u, type %u)", k, l->vol_id,
				 l->lnum, l->vol_type);
			continue;
		}
		u->n_lebs++;
	}
	return JCS_OK;
}

/* Volume, then LEB, then newest copy first. */
static int cmp_leb(const void *a, const void *b)
{
	const struct leb *x = a, *y = b;

	if (x->vol_id != y->vol_id)
		return x->vol_id < y->vol_id ? -1 : 1;
	if (x->lnum != y->lnum)
		return x->lnum < y->lnum ? -1 : 1;
	if (x->sqnum != y->sqnum)
		return x->sqnum > y->sqnum ? -1 : 1;
	return x->peb < y->peb ? -1 : 1;
}

/* Keep one PEB per LEB: the newest (highest sqnum) copy. */
static void dedupe(struct ubi *u)
{
	size_t w = 0;

	for (size_t i = 0; i < u->n_lebs; i++) {
		if (w && u->lebs[w - 1].vol_id == u->lebs[i].vol_id &&
		    u->lebs[w - 1].lnum == u->lebs[i].lnum)
			continue;
		u->lebs[w++] = u->lebs[i];
	}
	u->n_lebs = w;
}

static const struct leb *find_leb(const struct ubi *u, uint32_t vol,
				  uint32_t lnum)
{
	size_t lo = 0, hi = u->n_lebs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct leb *l = &u->lebs[mid];

		if (l->vol_id < vol || (l->vol_id == vol && l->lnum < lnum))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < u->n_lebs && u->lebs[lo].vol_id == vol &&
	    u->lebs[lo].lnum == lnum)
		return &u->lebs[lo];
	return NULL;
}

/*
 * A volume name usable as a file name, or "" to use "vol<ID>". Names are
 * ASCII in practice; other bytes become '_' so a crafted name cannot
 * carry control characters or invalid UTF-8 into paths and the manifest.
 */
static void clean_name(const uint8_t *p, uint32_t n, char *out, size_t cap)
{
	size_t k = 0;

	for (uint32_t i = 0; i < n && k + 1 < cap; i++) {
		if (p[i] == 0 || p[i] == '/') {
			k = 0;
			break;
		}
		out[k++] = p[i] < 0x20 || p[i] > 0x7e ? '_' : (char)p[i];
	}
	out[k] = '\0';
	if (strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		out[0] = '\0';
}

/* The volume table: the layout volume's two LEBs hold the same records;
   each record is taken from the first copy whose CRC holds. */
static void read_vtbl(struct ubi *u)
{
	const uint8_t *copy[2] = {NULL, NULL};
	uint32_t slots = u->leb_size / VTBL_REC_SZ;

	if (slots > MAX_VOLUMES)
		slots = MAX_VOLUMES;
	for (int c = 0; c < 2; c++) {
		const struct leb *l = find_leb(u, LAYOUT_VOL_ID, (uint32_t)c);
		uint64_t off;

		if (!l)
			continue;
		off = (uint64_t)l->peb * u->peb_size + u->data_off;
		if (jcsi_in_bounds(u->len, off, (uint64_t)slots * VTBL_REC_SZ))
			copy[c] = u->d + off;
	}
	if (!copy[0] && !copy[1]) {
		ubi_fail(u, 0, "no readable volume table: volumes are named "
			 "by number");
		return;
	}
	u->have_vtbl = 1;
	for (uint32_t i = 0; i < slots; i++) {
		const uint8_t *r = NULL;
		struct vol *v = &u->vols[i];
		uint16_t nlen;

		for (int c = 0; c < 2 && !r; c++)
			if (copy[c] && crc_ok(copy[c] + i * VTBL_REC_SZ,
					      VTBL_REC_SZ - 4,
					      jcsi_be32(copy[c] +
							i * VTBL_REC_SZ + 168)))
				r = copy[c] + i * VTBL_REC_SZ;
		if (!r) {
			ubi_fail(u, 0, "volume table record %u damaged in "
				 "both copies", i);
			continue;
		}
		if (jcsi_be32(r) == 0)
			continue; /* empty slot */
		v->present = 1;
		v->reserved_pebs = jcsi_be32(r);
		v->data_pad = jcsi_be32(r + 8);
		v->type = r[12];
		nlen = jcsi_be16(r + 14);
		/* the name field is 128 bytes: a longer claim is hostile */
		if (nlen > 127)
			nlen = 127;
		clean_name(r + 16, nlen, v->name, sizeof(v->name));
		if (v->data_pad >= u->leb_size) {
			ubi_fail(u, 0, "volume %u: data_pad %u not below the "
				 "LEB size", i, v->data_pad);
			v->data_pad = 0;
		}
	}
}

/* Give each volume a unique, non-empty name. */
static void name_volumes(struct ubi *u)
{
	for (uint32_t i = 0; i < MAX_VOLUMES; i++) {
		struct vol *v = &u->vols[i];
		int dup = 0;

		for (uint32_t j = 0; j < i && v->name[0]; j++)
			if (strcmp(u->vols[j].name, v->name) == 0)
				dup = 1;
		if (!v->name[0])
			snprintf(v->name, sizeof(v->name), "vol%u", i);
		else if (dup) {
			size_t n = strlen(v->name);

			snprintf(v->name + (n > 120 ? 120 : n),
				 sizeof(v->name) - (n > 120 ? 120 : n),
				 "_vol%u", i);
		}
	}
}

/* N bytes of 0xff: what an unmapped LEB reads as. */
static jcs_rc write_ff(struct jcsi_file *f, uint64_t n)
{
	uint8_t ff[4096];
	jcs_rc rc = JCS_OK;

	memset(ff, 0xff, sizeof(ff));
	while (n && rc == JCS_OK) {
		size_t k = n > sizeof(ff) ? sizeof(ff) : (size_t)n;

		rc = jcsi_file_write(f, ff, k);
		n -= k;
	}
	return rc;
}

/*
 * Write LEB L's first N bytes; a PEB cut off by the end of the image
 * gives what is there. Sets *SHORT when bytes were missing.
 */
static jcs_rc write_leb(struct ubi *u, struct jcsi_file *f,
			const struct leb *l, uint32_t n, int *short_)
{
	uint64_t off = (uint64_t)l->peb * u->peb_size + u->data_off;
	uint64_t have = off < u->len ? u->len - off : 0;

	if (have < n) {
		ubi_fail(u, off, "LEB %u of volume %u: image ends %llu bytes "
			 "early", l->lnum, l->vol_id,
			 (unsigned long long)(n - have));
		*short_ = 1;
		n = (uint32_t)have;
	}
	return n ? jcsi_file_write(f, u->d + off, n) : JCS_OK;
}

static jcs_rc write_volume(struct ubi *u, uint32_t id, size_t first,
			   size_t end, uint64_t *out_size)
{
	const struct vol *v = &u->vols[id];
	const struct leb *l0 = &u->lebs[first];
	struct jcsi_entry e;
	struct jcsi_file *f = NULL;
	uint8_t type = v->present ? v->type : l0->vol_type;
	uint32_t usable = u->leb_size - (v->present ? v->data_pad
						    : l0->data_pad);
	uint32_t n_lebs = u->lebs[end - 1].lnum + 1, missing = 0;
	int short_ = 0;
	jcs_rc rc;

	*out_size = 0;
	if (type == VOL_STATIC) {
		/* static: used_ebs says how many LEBs hold data; each LEB's
		   data_size how much of it */
		n_lebs = l0->used_ebs;
		if (n_lebs > u->n_pebs || n_lebs == 0) {
			ubi_fail(u, 0, "volume %u: used_ebs %u impossible; "
				 "using the LEBs present", id, l0->used_ebs);
			n_lebs = u->lebs[end - 1].lnum + 1;
		}
	}
	memset(&e, 0, sizeof(e));
	e.path = v->name;
	e.kind = JCSI_FILE;
	e.mode = 0644;
	rc = jcsi_file_open(u->x, &e, &f);
	if (rc != JCS_OK) {
		if (rc == JCS_E_UNSAFE_PATH)
			rc = JCS_OK; /* refusal recorded: next volume */
		goto out;
	}
	for (uint32_t lnum = 0; lnum < n_lebs && rc == JCS_OK; lnum++) {
		const struct leb *l = find_leb(u, id, lnum);
		uint32_t n = usable;

		if (!l) {
			missing++;
			/* the last LEB of a static volume has an unknown
			   size: leave it out rather than invent it */
			if (type == VOL_STATIC && lnum + 1 == n_lebs)
				break;
			rc = write_ff(f, n);
			*out_size += n;
			continue;
		}
		if (type == VOL_STATIC) {
			uint64_t off = (uint64_t)l->peb * u->peb_size +
				       u->data_off;

			n = l->data_size < usable ? l->data_size : usable;
			if (jcsi_in_bounds(u->len, off, n) &&
			    ubi_crc(u->d + off, n) != l->data_crc)
				ubi_fail(u, off, "volume %u LEB %u: data CRC "
					 "mismatch", id, lnum);
		}
		rc = write_leb(u, f, l, n, &short_);
		*out_size += n;
	}
	if (missing) {
		ubi_fail(u, 0, "volume %u (%s): %u of %u LEBs missing, filled "
			 "with 0xff", id, v->name, missing, n_lebs);
		short_ = 1;
	}
	{
		jcs_rc rc2 = jcsi_file_close(f, short_ || rc != JCS_OK);

		if (rc == JCS_OK)
			rc = rc2;
	}
out:
	return rc;
}

static void volume_info(struct ubi *u, uint32_t id, uint8_t type,
			uint64_t size)
{
	char key[48];

	snprintf(key, sizeof(key), "volume.%u.name", id);
	jcsi_info_str(u->x, key, u->vols[id].name);
	snprintf(key, sizeof(key), "volume.%u.type", id);
	jcsi_info_str(u->x, key, type == VOL_STATIC ? "static" : "dynamic");
	snprintf(key, sizeof(key), "volume.%u.size", id);
	jcsi_info_int(u->x, key, (int64_t)size);
}

static jcs_rc ubi_extract(struct jcsi_extract *x, const uint8_t *d,
			  size_t len, uint64_t *consumed)
{
	struct ubi u;
	jcs_rc rc = JCS_OK;
	int volumes = 0;
	size_t i = 0;

	memset(&u, 0, sizeof(u));
	u.x = x;
	u.d = d;
	u.len = len;
	*consumed = 0;
	if (ubi_bid(d, len) < 0) {
		rc = JCS_E_FORMAT;
		goto out;
	}
	u.vid_off = jcsi_be32(d + 16);
	u.data_off = jcsi_be32(d + 20);
	u.peb_size = find_peb_size(d, len, u.data_off);
	if (!u.peb_size) {
		jcsi_fail(x, 0, "PEB size undetermined: no second EC header "
			  "at a power-of-two distance");
		rc = JCS_E_FORMAT;
		goto out;
	}
	u.leb_size = u.peb_size - u.data_off;
	u.n_pebs = count_pebs(&u);
	*consumed = (uint64_t)u.n_pebs * u.peb_size;
	if (*consumed > len)
		*consumed = len;
	jcsi_info_int(x, "peb_size", u.peb_size);
	jcsi_info_int(x, "leb_size", u.leb_size);
	jcsi_info_int(x, "pebs", u.n_pebs);
	jcsi_info_int(x, "vid_hdr_offset", u.vid_off);
	jcsi_info_int(x, "data_offset", u.data_off);
	jcsi_info_int(x, "image_seq", jcsi_be32(d + 24));
	rc = scan_vids(&u);
	if (rc != JCS_OK)
		goto out;
	if (u.n_lebs)
		qsort(u.lebs, u.n_lebs, sizeof(*u.lebs), cmp_leb);
	dedupe(&u);
	read_vtbl(&u);
	name_volumes(&u);
	while (i < u.n_lebs && rc == JCS_OK) {
		uint32_t id = u.lebs[i].vol_id;
		size_t end = i, w = i;
		uint64_t size = 0;

		while (end < u.n_lebs && u.lebs[end].vol_id == id)
			end++;
		if (id == LAYOUT_VOL_ID) {
			i = end;
			continue;
		}
		if (u.have_vtbl && !u.vols[id].present)
			ubi_fail(&u, 0, "volume %u has LEBs but no volume "
				 "table record", id);
		/* LEBs beyond the volume's reservation cannot be mapped */
		for (size_t k = i; k < end; k++) {
			if (u.vols[id].present &&
			    u.lebs[k].lnum >= u.vols[id].reserved_pebs) {
				ubi_fail(&u, 0, "volume %u: LEB %u beyond its "
					 "%u reserved PEBs", id,
					 u.lebs[k].lnum,
					 u.vols[id].reserved_pebs);
				continue;
			}
			u.lebs[w++] = u.lebs[k];
		}
		if (w > i) {
			/* the removed slots are overwritten copies: keep the
			   table sorted for find_leb by shifting the rest */
			memmove(&u.lebs[w], &u.lebs[end],
				(u.n_lebs - end) * sizeof(*u.lebs));
			u.n_lebs -= end - w;
			end = w;
			rc = write_volume(&u, id, i, end, &size);
			volume_info(&u, id,
				    u.vols[id].present ? u.vols[id].type
						       : u.lebs[i].vol_type,
				    size);
			volumes++;
		} else {
			memmove(&u.lebs[i], &u.lebs[end],
				(u.n_lebs - end) * sizeof(*u.lebs));
			u.n_lebs -= end - i;
			end = i;
		}
		i = end;
	}
	jcsi_info_int(x, "volumes", volumes);
	if (rc == JCS_OK && !volumes)
		rc = JCS_E_CORRUPT;
out:
	jcsi_free(u.lebs);
	return rc;
}

static const struct jcsi_magic ubi_magics[] = {{"UBI#", 4, 0}, {NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_ubi = {"ubi", ubi_magics, ubi_bid,
						ubi_extract, 0};

/*
 * unpack_trx.c - Broadcom TRX firmware images (Linksys, Netgear, Asus and
 * OpenWrt's bcm47xx/bcm53xx targets): a little-endian header with the
 * image length, a CRC and up to three (v1) or four (v2) partition offsets,
 * followed by the partitions (loader, kernel, root file system...).
 *
 * Our own parser: the header is 28 or 32 bytes of fixed fields. Each
 * partition becomes a file "partition-N" as stored; what it holds (lzma
 * kernel, squashfs) is found by the engine's recursion.
 *
 * The CRC is the one OpenWrt's trx tool and the CFE boot loader compute:
 * CRC-32 with init 0xffffffff and no final xor over bytes 12..len, i.e.
 * zlib's crc32(0, ...) ^ 0xffffffff (checked against a real image).
 */
#include <stdio.h>
#include <string.h>

#include <zlib.h>

#include "unpack_int.h"

#define TRX_MAGIC "HDR0"
#define TRX_HDR_V1 28 /* magic, len, crc, flags, version, 3 offsets */
#define TRX_HDR_V2 32 /* ... 4 offsets */
#define TRX_CRC_START 12
#define TRX_MAX_PARTS 4

#define TRX_LEN 4
#define TRX_CRC 8
#define TRX_FLAGS 12
#define TRX_VERSION 14
#define TRX_OFFSETS 16

struct trx_hdr {
	uint32_t len, crc;
	uint16_t flags, version;
	unsigned hdr_size, nparts;
	uint32_t off[TRX_MAX_PARTS]; /* 0: slot unused */
};

/*
 * Parses and checks the header at D (LEN readable). The image itself may
 * extend past LEN (truncated, or a head-only view for identification);
 * what is checked is self-consistency: length covers the header, every
 * used offset lies after the header and before the end, in ascending
 * order, so partitions can neither overlap nor point outside the image.
 * Returns 0 or -1.
 */
static int trx_parse(const uint8_t *d, size_t len, struct trx_hdr *h)
{
	uint32_t prev = 0;

	if (len < TRX_HDR_V1 || memcmp(d, TRX_MAGIC, 4) != 0)
		return -1;
	h->len = jcsi_le32(d + TRX_LEN);
	h->crc = jcsi_le32(d + TRX_CRC);
	h->flags = jcsi_le16(d + TRX_FLAGS);
	h->version = jcsi_le16(d + TRX_VERSION);
	if (h->version == 1) {
		h->hdr_size = TRX_HDR_V1;
		h->nparts = 3;
	} else if (h->version == 2) {
		/* the fourth offset is only readable if 32 bytes are */
		if (len < TRX_HDR_V2)
			return -1;
		h->hdr_size = TRX_HDR_V2;
		h->nparts = 4;
	} else {
		return -1;
	}
	if (h->len < h->hdr_size)
		return -1;
	for (unsigned i = 0; i < TRX_MAX_PARTS; i++) {
		h->off[i] = i < h->nparts ? jcsi_le32(d + TRX_OFFSETS + 4 * i)
					  : 0;
		if (h->off[i] == 0)
			continue;
		if (h->off[i] < h->hdr_size || h->off[i] >= h->len ||
		    h->off[i] <= prev)
			return -1;
		prev = h->off[i];
	}
	if (prev == 0)
		return -1; /* no partition at all */
	return 0;
}

static int trx_bid(const uint8_t *d, size_t len)
{
	struct trx_hdr h;

	if (trx_parse(d, len, &h) < 0)
		return -1;
	/* magic, version, offsets consistent with the length */
	return 32 + 16 + 16;
}

static jcs_rc trx_extract(struct jcsi_extract *x, const uint8_t *d,
			  size_t len, uint64_t *consumed)
{
	struct trx_hdr h;
	size_t avail;
	int truncated = 0, any = 0;
	jcs_rc rc = JCS_OK;
	char name[24];

	*consumed = 0;
	if (trx_parse(d, len, &h) < 0) {
		rc = JCS_E_FORMAT;
		goto out;
	}
	jcsi_info_int(x, "version", h.version);
	jcsi_info_int(x, "flags", h.flags);
	jcsi_info_int(x, "length", h.len);

	/* everything below reads at most AVAIL bytes */
	avail = h.len;
	if (h.len > len) {
		avail = len;
		truncated = 1;
		jcsi_fail(x, 0, "truncated: %u bytes declared, %zu present",
			  h.len, len);
	} else {
		uint32_t crc = (uint32_t)crc32(0, d + TRX_CRC_START,
					       (uInt)(avail - TRX_CRC_START)) ^
			       0xffffffffu;
		int ok = crc == h.crc;

		jcsi_info_bool(x, "crc_ok", ok);
		if (!ok)
			jcsi_fail(x, TRX_CRC,
				  "CRC mismatch: header 0x%08x, data 0x%08x",
				  h.crc, crc);
	}
	*consumed = avail;

	for (unsigned i = 0; i < h.nparts; i++) {
		uint64_t start = h.off[i], end = h.len;
		int short_part = 0;

		if (start == 0)
			continue;
		for (unsigned j = i + 1; j < h.nparts; j++)
			if (h.off[j] != 0) {
				end = h.off[j];
				break;
			}
		/* the image is short: write what is present, marked short */
		if (end > avail) {
			short_part = 1;
			end = avail;
		}
		if (start >= end)
			break; /* this and all later partitions are missing */
		snprintf(name, sizeof(name), "partition-%u", i);
		rc = jcsi_add_payload(x, name, d + start, (size_t)(end - start),
				      short_part);
		if (rc != JCS_OK)
			goto out;
		any = 1;
	}
	if (!any)
		rc = truncated ? JCS_E_TRUNCATED : JCS_E_FORMAT;
out:
	return rc;
}

static const struct jcsi_magic trx_magics[] = {{"HDR0", 4, 0},
					       {NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_trx = {"trx", trx_magics, trx_bid,
						trx_extract, 0};

/*
 * unpack_uimage.c - U-Boot legacy images ("uImage", mkimage -A/-O/-T):
 * a 64-byte big-endian header in front of one payload, or, for multi-file
 * and script images, in front of a table of sizes and several payloads.
 *
 * Our own parser (no U-Boot code): the header is 64 bytes of fixed fields,
 * and U-Boot's own checks (header CRC, data CRC) are what we verify and
 * record. Payloads are written as stored; a gzip/lzma/... kernel inside is
 * found by the engine's recursion, so nothing is decompressed here.
 */
#include <stdio.h>
#include <string.h>

#include <zlib.h>

#include "unpack_int.h"

#define UIMAGE_MAGIC 0x27051956u
#define UIMAGE_HDR 64
#define UIMAGE_NAME_LEN 32

#define IH_TYPE_MULTI 4
#define IH_TYPE_SCRIPT 6

/* Sub-images of one multi-file image. U-Boot sets no ceiling; ours keeps
   a table of tiny sizes from turning into a flood of one-byte files. */
#define UIMAGE_MAX_SUBIMAGES 4096

/* Header fields (offsets into the 64 bytes). */
#define IH_HCRC 4
#define IH_TIME 8
#define IH_SIZE 12
#define IH_LOAD 16
#define IH_EP 20
#define IH_DCRC 24
#define IH_OS 28
#define IH_ARCH 29
#define IH_TYPE 30
#define IH_COMP 31
#define IH_NAME 32

/* Id tables from U-Boot's include/image.h (the numbers are ABI: they sit
   in images in the field). NULL: no name known. */
static const char *const os_names[] = {
	"invalid", "openbsd", "netbsd", "freebsd", "4_4bsd", "linux",
	"svr4", "esix", "solaris", "irix", "sco", "dell", "ncr", "lynxos",
	"vxworks", "psos", "qnx", "u-boot", "rtems", "artos", "unity",
	"integrity", "ose", "plan9", "openrtos", "arm-trusted-firmware",
	"tee", "opensbi", "efi"};
static const char *const arch_names[] = {
	"invalid", "alpha", "arm", "x86", "ia64", "mips", "mips64",
	"powerpc", "s390", "sh", "sparc", "sparc64", "m68k", "nios",
	"microblaze", "nios2", "blackfin", "avr32", "st200", "sandbox",
	"nds32", "or1k", "arm64", "arc", "x86_64", "xtensa", "riscv"};
static const char *const type_names[] = {
	"invalid", "standalone", "kernel", "ramdisk", "multi", "firmware",
	"script", "filesystem", "flat_dt", "kwbimage", "imximage",
	"ublimage", "omapimage", "aisimage", "kernel_noload", "pblimage",
	"mxsimage", "gpimage", "atmelimage", "socfpgaimage", "x86_setup",
	"lpc32xximage", "loadable", "rkimage", "rksd", "rkspi", "zynqimage",
	"zynqmpimage", "zynqmpbif", "fpga", "vybridimage", "tee",
	"firmware_ivt", "pmmc", "stm32image", "socfpgaimage_v1",
	"mtk_image", "imx8mimage", "imx8image", "copro", "sunxi_egon"};
static const char *const comp_names[] = {"none", "gzip", "bzip2", "lzma",
					 "lzo", "lz4", "zstd"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Records KEY as the table's name for ID, or "unknown-ID". */
static void info_id(struct jcsi_extract *x, const char *key,
		    const char *const *names, size_t n, unsigned id)
{
	char buf[24];

	if (id < n && names[id]) {
		jcsi_info_str(x, key, names[id]);
	} else {
		snprintf(buf, sizeof(buf), "unknown-%u", id);
		jcsi_info_str(x, key, buf);
	}
}

/* The header CRC as U-Boot computes it: zlib crc32 over the 64 bytes
   with the hcrc field zeroed. */
static uint32_t header_crc(const uint8_t *d)
{
	uint8_t h[UIMAGE_HDR];

	memcpy(h, d, UIMAGE_HDR);
	memset(h + IH_HCRC, 0, 4);
	return (uint32_t)crc32(0, h, UIMAGE_HDR);
}

static int uimage_bid(const uint8_t *d, size_t len)
{
	/* reading the header needs all 64 bytes */
	if (len < UIMAGE_HDR || jcsi_be32(d) != UIMAGE_MAGIC)
		return -1;
	if (header_crc(d) != jcsi_be32(d + IH_HCRC))
		return -1;
	return 32 + 32;
}

/* Payload name for a single-image uImage of type TYPE. */
static const char *payload_name(unsigned type)
{
	switch (type) {
	case 1:
		return "standalone";
	case 2:
	case 14:
		return "kernel";
	case 3:
		return "ramdisk";
	case 5:
		return "firmware";
	case 6:
		return "script";
	case 7:
		return "filesystem";
	case 8:
		return "fdt";
	default:
		return "payload";
	}
}

/*
 * Multi-file and script images: PAY (N bytes, what is present of the
 * payload) starts with u32 BE sizes ending in 0, then the sub-images, each
 * padded to 4 bytes. Every size is checked against what is left, so a
 * hostile table can neither read past the buffer nor overflow the sum.
 */
static jcs_rc extract_multi(struct jcsi_extract *x, const uint8_t *pay,
			    size_t n, int truncated, unsigned type)
{
	size_t count = 0, tab_end, pos;
	jcs_rc rc = JCS_OK;
	char name[32];

	/* find the terminator inside the payload, at most MAX entries */
	while (jcsi_in_bounds(n, (uint64_t)count * 4, 4) &&
	       jcsi_be32(pay + count * 4) != 0 &&
	       count < UIMAGE_MAX_SUBIMAGES)
		count++;
	if (!jcsi_in_bounds(n, (uint64_t)count * 4, 4) ||
	    jcsi_be32(pay + count * 4) != 0) {
		jcsi_fail(x, UIMAGE_HDR + (uint64_t)count * 4,
			  count >= UIMAGE_MAX_SUBIMAGES
				  ? "multi-file size table has more than %u "
				    "entries"
				  : "multi-file size table has no terminator "
				    "(%u entries seen)",
			  count >= UIMAGE_MAX_SUBIMAGES
				  ? (unsigned)UIMAGE_MAX_SUBIMAGES
				  : (unsigned)count);
		/* keep the bytes as evidence, unsplit */
		rc = jcsi_add_payload(x, "payload", pay, n, truncated);
		goto out;
	}
	jcsi_info_int(x, "images", (int64_t)count);
	tab_end = (count + 1) * 4;
	pos = tab_end;
	for (size_t i = 0; i < count; i++) {
		uint32_t sz = jcsi_be32(pay + i * 4);
		size_t have = sz;
		int short_img = 0;

		/* a size past the end would read outside the buffer */
		if (!jcsi_in_bounds(n, pos, sz)) {
			have = pos < n ? n - pos : 0;
			short_img = 1;
			jcsi_fail(x, UIMAGE_HDR + (uint64_t)pos,
				  "sub-image %zu: %u bytes declared, %zu "
				  "present%s",
				  i, sz, have,
				  truncated ? " (image truncated)" : "");
		}
		if (type == IH_TYPE_SCRIPT && i == 0)
			snprintf(name, sizeof(name), "script");
		else
			snprintf(name, sizeof(name), "%s-%zu",
				 type == IH_TYPE_SCRIPT ? "script" : "image",
				 i);
		if (have > 0 || !short_img) {
			rc = jcsi_add_payload(x, name, pay + pos, have, short_img);
			if (rc != JCS_OK)
				goto out;
		}
		if (short_img)
			break;
		/* pad to 4; a pad past the end only matters if more follow */
		pos += have;
		pos += (4 - (pos - tab_end) % 4) % 4;
		if (pos > n)
			pos = n;
	}
out:
	return rc;
}

static jcs_rc uimage_extract(struct jcsi_extract *x, const uint8_t *d,
			     size_t len, uint64_t *consumed)
{
	char name[UIMAGE_NAME_LEN + 1];
	uint32_t size, type;
	size_t have;
	int truncated = 0;
	jcs_rc rc = JCS_OK;

	*consumed = 0;
	if (uimage_bid(d, len) < 0) {
		rc = JCS_E_FORMAT;
		goto out;
	}
	size = jcsi_be32(d + IH_SIZE);
	type = d[IH_TYPE];

	/* the name: NUL-bounded within its 32 bytes, printable only */
	for (size_t i = 0; i < UIMAGE_NAME_LEN; i++) {
		uint8_t c = d[IH_NAME + i];

		name[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
		if (c == 0) {
			name[i] = '\0';
			break;
		}
	}
	name[UIMAGE_NAME_LEN] = '\0';
	jcsi_info_str(x, "name", name);
	info_id(x, "os", os_names, COUNT(os_names), d[IH_OS]);
	info_id(x, "arch", arch_names, COUNT(arch_names), d[IH_ARCH]);
	info_id(x, "type", type_names, COUNT(type_names), type);
	info_id(x, "compression", comp_names, COUNT(comp_names), d[IH_COMP]);
	jcsi_info_int(x, "load", jcsi_be32(d + IH_LOAD));
	jcsi_info_int(x, "entry", jcsi_be32(d + IH_EP));
	jcsi_info_int(x, "timestamp", jcsi_be32(d + IH_TIME));
	jcsi_info_int(x, "data_size", size);

	/* ih_size past the buffer: take what is there, say it is short */
	have = len - UIMAGE_HDR;
	if (size <= have) {
		have = size;
	} else {
		truncated = 1;
		jcsi_fail(x, UIMAGE_HDR,
			  "truncated: %u data bytes declared, %zu present",
			  size, have);
	}
	if (!truncated) {
		uint32_t dcrc = (uint32_t)crc32(0, d + UIMAGE_HDR, (uInt)have);
		int ok = dcrc == jcsi_be32(d + IH_DCRC);

		jcsi_info_bool(x, "data_crc_ok", ok);
		if (!ok)
			jcsi_fail(x, IH_DCRC,
				  "data CRC mismatch: header 0x%08x, data "
				  "0x%08x",
				  jcsi_be32(d + IH_DCRC), dcrc);
	}
	*consumed = UIMAGE_HDR + (uint64_t)have;

	if (type == IH_TYPE_MULTI || type == IH_TYPE_SCRIPT)
		rc = extract_multi(x, d + UIMAGE_HDR, have, truncated, type);
	else
		rc = jcsi_add_payload(x, payload_name(type), d + UIMAGE_HDR, have,
			  truncated);
out:
	return rc;
}

static const struct jcsi_magic uimage_magics[] = {
	{"\x27\x05\x19\x56", 4, 0}, {NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_uimage = {
	"uimage", uimage_magics, uimage_bid, uimage_extract, 0};

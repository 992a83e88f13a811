/*
 * unpacker_list.h - every format unpacker, one line each, in bidding
 * order: formats with long, well-checked magics first, weak ones last.
 * A new format is one file (unpack_<fmt>.c defining jcsi_unpacker_<fmt>)
 * plus one line here. Included twice by unpack_registry.c.
 */
UNPACKER(squashfs)
UNPACKER(uimage)
UNPACKER(fit)
UNPACKER(trx)
UNPACKER(ext)
UNPACKER(ubi)
UNPACKER(ubifs)
UNPACKER(xz)
UNPACKER(bzip2)
UNPACKER(7z)
UNPACKER(cpio)
UNPACKER(tar)
UNPACKER(ar)
UNPACKER(zstd)
UNPACKER(lz4)
UNPACKER(lz4_legacy)
UNPACKER(jffs2)
UNPACKER(cramfs)
UNPACKER(romfs)
UNPACKER(gzip)
UNPACKER(zip)
UNPACKER(lzma)
UNPACKER(yaffs2)

"""The formats we accept, told from a file's first bytes, and the size each
file's header declares, read without Pillow and without decoding anything.

Pillow checks its own bomb limit only after it has parsed a header (and, for
WebP, after libwebp has allocated the whole canvas), and only warns below twice
that limit; reading the sizes here first lets intake refuse on its own limits
before Pillow sees the file. A GIF's frames are walked too: each one may
declare a larger extent than the logical screen, which grows the canvas.
"""

from dataclasses import dataclass

JPEG, PNG, WEBP, GIF = "jpeg", "png", "webp", "gif"

# value: (Pillow's format name, content type, file extension, name shown to people)
FORMATS = {
    JPEG: ("JPEG", "image/jpeg", "jpg", "JPEG"),
    PNG: ("PNG", "image/png", "png", "PNG"),
    WEBP: ("WEBP", "image/webp", "webp", "WebP"),
    GIF: ("GIF", "image/gif", "gif", "GIF"),
}

# Enough for every signature and every fixed-position size below.
HEAD_BYTES = 32


class NotAccepted(Exception):
    """The first bytes are none of the formats we accept."""


class Malformed(Exception):
    """The signature is one we accept, but the header around it is broken."""


@dataclass(frozen=True)
class Header:
    format: str
    width: int
    height: int
    # Known from the header for GIF only (WebP's count comes from libwebp's
    # container parser, which needs no decoding; PNG's animation is not kept).
    frames: int | None = None

    @property
    def pixels(self):
        return self.width * self.height


def sniff(head):
    """The format whose signature ``head`` starts with, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def read_header(data):
    """The format and declared size of ``data`` (a whole file's bytes)."""
    kind = sniff(data[:HEAD_BYTES])
    if kind is None:
        raise NotAccepted
    width, height, frames = _READERS[kind](data)
    if width <= 0 or height <= 0:
        raise Malformed(f"{kind}: no size")
    return Header(kind, width, height, frames)


def _u16be(data, at):
    return int.from_bytes(data[at:at + 2], "big")


def _u16le(data, at):
    return int.from_bytes(data[at:at + 2], "little")


def _png(data):
    # IHDR must come first: 8-byte signature, then length (4) and type (4).
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise Malformed("png: no IHDR first")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"), None


# Start-of-frame markers give the size; C4 (DHT), C8 (JPG) and CC (DAC) share
# the range without being frames.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD9)}  # TEM, RSTn, SOI: no length field
# Real progressive JPEGs have about ten scans; jpegtran's custom scripts a few dozen.
MAX_JPEG_SCANS = 256


def _jpeg(data):
    # Pillow keeps the last frame header before the first scan; a file with
    # several is checked on the largest.
    sizes, at, end = [], 2, len(data)
    while at + 4 <= end:
        if data[at] != 0xFF:
            raise Malformed("jpeg: marker expected")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker in _STANDALONE:
            at += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan
            break
        length = _u16be(data, at + 2)
        if length < 2:
            raise Malformed("jpeg: bad segment length")
        if marker in _SOF and at + 9 <= end:
            sizes.append((_u16be(data, at + 7), _u16be(data, at + 5)))
        at += 2 + length
    if not sizes:
        raise Malformed("jpeg: no frame header")
    # Each scan of a progressive JPEG is a pass over the whole image: thousands
    # of near-empty ones make a small file cost minutes. A marker's bytes never
    # occur in entropy-coded data (0xFF is always followed by 0x00 or RSTn there).
    if data.count(b"\xff\xda") > MAX_JPEG_SCANS:
        raise Malformed("jpeg: too many scans")
    width, height = max(sizes, key=lambda size: size[0] * size[1])
    return width, height, None


def _webp(data):
    # The first chunk says which bitstream follows; each has its size at a
    # fixed place (the same places libwebp reads).
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a" and len(data) >= 30:
        return _u16le(data, 26) & 0x3FFF, _u16le(data, 28) & 0x3FFF, None
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, None
    if chunk == b"VP8X" and len(data) >= 30:
        # The canvas, which every frame of an animation must fit in.
        return (int.from_bytes(data[24:27], "little") + 1,
                int.from_bytes(data[27:30], "little") + 1, None)
    raise Malformed("webp: unknown first chunk")


def webp_is_lossless(data):
    """Whether the first image bitstream of a WebP file (inside its first
    animation frame, if any) is lossless (VP8L) rather than lossy (VP8)."""
    at, end = 12, len(data)
    while at + 8 <= end:
        fourcc, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        if fourcc == b"VP8L":
            return True
        if fourcc == b"VP8 ":
            return False
        if fourcc == b"ANMF":
            # A frame's own chunks start after its 16-byte header.
            at += 8 + 16
            continue
        at += 8 + size + (size & 1)
    return False


def _gif(data):
    # Walks the blocks without decompressing any image data: counts the frames
    # and finds the largest extent any of them declares.
    if len(data) < 13:
        raise Malformed("gif: no screen descriptor")
    width, height = _u16le(data, 6), _u16le(data, 8)
    at = 13
    if data[10] & 0x80:
        at += 3 << ((data[10] & 7) + 1)
    frames, end = 0, len(data)
    while at < end:
        block = data[at]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then sub-blocks
            at = _skip_sub_blocks(data, at + 2)
        elif block == 0x2C:  # image descriptor
            if at + 10 > end:
                raise Malformed("gif: truncated image descriptor")
            left, top = _u16le(data, at + 1), _u16le(data, at + 3)
            width = max(width, left + _u16le(data, at + 5))
            height = max(height, top + _u16le(data, at + 7))
            flags = data[at + 9]
            at += 10
            if flags & 0x80:
                at += 3 << ((flags & 7) + 1)
            at = _skip_sub_blocks(data, at + 1)  # after the LZW code size
            frames += 1
        else:
            raise Malformed("gif: unknown block")
    if frames == 0:
        raise Malformed("gif: no image")
    return width, height, frames


def _skip_sub_blocks(data, at):
    end = len(data)
    while at < end:
        size = data[at]
        at += 1 + size
        if size == 0:
            return at
    raise Malformed("gif: truncated")


_READERS = {PNG: _png, JPEG: _jpeg, WEBP: _webp, GIF: _gif}

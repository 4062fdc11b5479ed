# SPDX-License-Identifier: GPL-2.0-or-later
"""Is a browser screenshot a rendered page or a blank one?

stats(PATH) decodes a PNG (8-bit greyscale, RGB or RGBA, not interlaced:
what Chromium's screenshots are) with the standard library only and
returns its size, how many distinct colours it has, and the share of
pixels that differ from the most common colour (the page background).  A
page that failed to render, or rendered white, has one or two colours and
no ink.  PNGError says why a file cannot be read.
"""
import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 6: 4}       # colour type -> samples per pixel


class PNGError(Exception):
    pass


def chunks(data):
    pos = len(SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise PNGError("truncated chunk")
        yield kind, body
        pos += 12 + length


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(kind, line, prev, bpp):
    """Undo one scanline's filter (PNG spec section 9)."""
    if kind == 0:
        return line
    out = bytearray(line)
    n = len(out)
    if kind == 1:
        for i in range(bpp, n):
            out[i] = (out[i] + out[i - bpp]) & 0xff
    elif kind == 2:
        for i in range(n):
            out[i] = (out[i] + prev[i]) & 0xff
    elif kind == 3:
        for i in range(n):
            left = out[i - bpp] if i >= bpp else 0
            out[i] = (out[i] + ((left + prev[i]) >> 1)) & 0xff
    elif kind == 4:
        for i in range(n):
            left = out[i - bpp] if i >= bpp else 0
            upleft = prev[i - bpp] if i >= bpp else 0
            out[i] = (out[i] + paeth(left, prev[i], upleft)) & 0xff
    else:
        raise PNGError("bad filter type %d" % kind)
    return out


def decode(data):
    """(width, height, channels, rows): rows are bytes, one per line."""
    if not data.startswith(SIGNATURE):
        raise PNGError("not a PNG file")
    header, idat = None, []
    for kind, body in chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if not header:
        raise PNGError("no IHDR")
    width, height, depth, colour, _, _, interlace = header
    if not width or not height:
        raise PNGError("empty image")
    if depth != 8 or colour not in CHANNELS or interlace:
        raise PNGError("unsupported PNG (depth %d, colour type %d, "
                       "interlace %d)" % (depth, colour, interlace))
    bpp = CHANNELS[colour]
    stride = width * bpp
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise PNGError("bad image data: %s" % e)
    if len(raw) != height * (stride + 1):
        raise PNGError("image data is %d bytes, expected %d"
                       % (len(raw), height * (stride + 1)))
    rows, prev = [], bytes(stride)
    for y in range(height):
        at = y * (stride + 1)
        prev = bytes(unfilter(raw[at], raw[at + 1:at + 1 + stride], prev,
                              bpp))
        rows.append(prev)
    return width, height, bpp, rows


def stats(path):
    with open(path, "rb") as f:
        width, height, bpp, rows = decode(f.read())
    counts = {}
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + bpp]
            counts[px] = counts.get(px, 0) + 1
    background = max(counts.values())
    ink = 100.0 * (width * height - background) / (width * height)
    return width, height, len(counts), ink

#!/usr/bin/env python3
"""Draws Momentum's Teams app icons (no dependencies): color.png 192x192 (rising bars on green) and
outline.png 32x32 (the same bars, white on transparent, as Teams requires). Writes into manifests/teams/."""
import os
import struct
import zlib


def png(path, size, pixel):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def on_bar(x, y, size):
    """Three rising bars: 30 %, 55 % and 80 % of the height, on a margin of 1/6 of the size."""
    margin, gap = size / 6, size / 24
    width = (size - 2 * margin - 2 * gap) / 3
    for i, height in enumerate((0.30, 0.55, 0.80)):
        left = margin + i * (width + gap)
        if left <= x < left + width and size - margin - height * (size - 2 * margin) <= y < size - margin:
            return True
    return False


def color(x, y, size):
    return (255, 255, 255, 255) if on_bar(x, y, size) else (46, 125, 50, 255)


def outline(x, y, size):
    return (255, 255, 255, 255) if on_bar(x, y, size) else (0, 0, 0, 0)


here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "manifests", "teams")
png(os.path.join(here, "color.png"), 192, color)
png(os.path.join(here, "outline.png"), 32, outline)

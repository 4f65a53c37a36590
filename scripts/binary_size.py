#!/usr/bin/env python3
"""What a release binary holds: its ELF sections, and each file of assets/ compiled into it,
how many times (64 bytes that occur once in the file are looked for in the binary).

    binary_size.py BINARY [BINARY...]     (run from the repository's root)

The UI (ui/) is embedded by Tauri compressed with brotli, so it is not found byte for byte; its
size on disk is shown beside.
"""

import os
import struct
import sys

ASSETS = [
    "assets/fonts/LiberationSans-Regular.ttf",
    "assets/fonts/LiberationSans-Bold.ttf",
    "assets/fonts/LiberationSans-Italic.ttf",
    "assets/fonts/texgyrebonum-regular.otf",
    "assets/fonts/texgyrebonum-bold.otf",
    "assets/frameworks/spbe-2020.json",
    "assets/frameworks/pemdi-2026.json",
    "assets/i18n/id.json",
    "assets/i18n/en.json",
    "assets/regions/regencies.csv",
    "assets/regions/provinces.csv",
    "assets/practices/practices.json",
    "assets/benchmark/published-results-2023.csv",
    "assets/trust/anchors.pem",
    "assets/sample/emblem-contoh.png",
]


def sections(data):
    """(name, size) of every section of a 64-bit little-endian ELF file."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    heads = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = heads[shstrndx]
    names = data[strtab[4]:strtab[4] + strtab[5]]
    out = []
    for h in heads[1:]:
        name = names[h[0]:names.index(b"\0", h[0])].decode()
        if h[1] != 8:  # NOBITS (.bss) takes no room in the file
            out.append((name, h[5]))
    return out


def main():
    for path in sys.argv[1:]:
        data = open(path, "rb").read()
        print(f"{path}: {len(data):,} bytes")
        secs = sorted(sections(data), key=lambda s: -s[1])
        for name, size in secs[:10]:
            print(f"  {name:<22} {size:>12,}")
        total = 0
        print("  assets compiled in (bytes × times found):")
        for a in ASSETS:
            if not os.path.exists(a):
                continue
            blob = open(a, "rb").read()
            # A window of the file that occurs in it once (JSON has runs of repeated indentation).
            at = len(blob) // 2
            while blob.count(blob[at:at + 64]) > 1 and at + 64 < len(blob):
                at += 61
            probe = blob[at:at + 64]
            n = data.count(probe)
            total += n * len(blob)
            if n:
                print(f"    {a:<46} {len(blob):>10,} × {n}")
        ui = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk("ui") for f in fs)
        print(f"  assets found in all: {total:,} bytes; ui/ on disk {ui:,} bytes (embedded brotli-compressed)")


if __name__ == "__main__":
    main()

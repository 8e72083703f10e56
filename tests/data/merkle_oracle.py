#!/usr/bin/env python3
"""merkle_oracle.py - an independent RFC 6962 / RFC 9162 Merkle tree in
Python's standard library, for tests/scripts/merkle_oracle.sh: prints the
same vectors as test_merkle with HR_MERKLE_VECTORS set (sizes 1..64, leaf i
being the leaf hash of the text "hazreg leaf <i>"), one line each:

    root N HEX
    inclusion M N HEX,HEX,...   ("-" when empty)
    consistency M N HEX,...     for 1 <= M <= N
"""
import hashlib
import sys

SIZES = 64


def sha(b):
    return hashlib.sha256(b).digest()


def leaf(i):
    return sha(b"\x00" + ("hazreg leaf %d" % i).encode())


def split(n):
    """Largest power of two strictly smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d):
    if not d:
        return sha(b"")
    if len(d) == 1:
        return d[0]
    k = split(len(d))
    return sha(b"\x01" + mth(d[:k]) + mth(d[k:]))


def path(m, d):
    if len(d) <= 1:
        return []
    k = split(len(d))
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = split(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def fmt(hashes):
    return ",".join(h.hex() for h in hashes) if hashes else "-"


def main():
    out = sys.stdout
    leaves = [leaf(i) for i in range(SIZES)]
    for n in range(1, SIZES + 1):
        d = leaves[:n]
        out.write("root %d %s\n" % (n, mth(d).hex()))
        for m in range(n):
            out.write("inclusion %d %d %s\n" % (m, n, fmt(path(m, d))))
        for m in range(1, n + 1):
            proof = [] if m == n else subproof(m, d, True)
            out.write("consistency %d %d %s\n" % (m, n, fmt(proof)))


if __name__ == "__main__":
    main()

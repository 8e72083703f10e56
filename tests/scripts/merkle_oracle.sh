#!/usr/bin/env bash
# merkle_oracle.sh - the Merkle tree roots and proofs of the C library for
# every size 1..64 (inclusion of every leaf, consistency of every old size)
# equal those of an independent Python implementation that uses only the
# standard library (tests/data/merkle_oracle.py). Without python3 the check
# cannot be made, and that is a failure, not a skip: run scripts/bootstrap.
#
# Environment: HAZREG (the hazreg binary; test_merkle is found beside it in
# tests/), or TEST_MERKLE (the test_merkle binary itself); HR_SRC (source
# tree; default: this script's); HR_TEST_TMP (scratch directory).
set -u

src=${HR_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${TEST_MERKLE:-$(dirname "${HAZREG:?set HAZREG or TEST_MERKLE}")/tests/test_merkle}
tmp=${HR_TEST_TMP:-}
if [ -z "$tmp" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
fi
mkdir -p "$tmp"

if ! command -v python3 >/dev/null 2>&1; then
	echo "FAIL: python3 is missing, so the independent Merkle oracle cannot run;" >&2
	echo "      install it (scripts/bootstrap lists it) and run this test again" >&2
	exit 1
fi
if [ ! -x "$bin" ]; then
	echo "FAIL: $bin is missing; build the unit tests first" >&2
	exit 1
fi

HR_MERKLE_VECTORS="$tmp/c.txt" "$bin" || { echo "FAIL: $bin could not write its vectors" >&2; exit 1; }
python3 "$src/tests/data/merkle_oracle.py" >"$tmp/py.txt" || { echo "FAIL: merkle_oracle.py failed" >&2; exit 1; }

# 64 roots, 2080 inclusion and 2080 consistency proofs
want=$((64 + 2080 + 2080))
lines=$(wc -l <"$tmp/c.txt")
if [ "$lines" -ne "$want" ]; then
	echo "FAIL: the C vectors have $lines lines, not $want" >&2
	exit 1
fi
if ! diff -u "$tmp/py.txt" "$tmp/c.txt" >"$tmp/diff.txt"; then
	echo "FAIL: the C library and the Python oracle disagree:" >&2
	head -20 "$tmp/diff.txt" >&2
	exit 1
fi
echo "ok: $lines roots and proofs equal the Python oracle's"

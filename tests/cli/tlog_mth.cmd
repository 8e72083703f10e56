# Cross-check: the root of "log root" equals RFC 6962 MTH recomputed here,
# independently, from the leaf hashes stored in the log, for every size.
fixture
reg_sql "select $(reg_hex leaf) from hr_log order by idx" >leaves
wc -l <leaves
for ((s = 0; s <= $(wc -l <leaves); s++)); do
	printf '%s %s\n' "$s" "$("$HAZREG" log root --size "$s" | sed -n 's/^root: //p')"
done >roots
python3 - leaves roots <<'PY'
import hashlib, sys
leaves = [bytes.fromhex(l.strip()) for l in open(sys.argv[1]) if l.strip()]
def mth(d):  # RFC 6962 section 2.1
    if not d: return hashlib.sha256(b"").digest()
    if len(d) == 1: return d[0]
    k = 1 << ((len(d) - 1).bit_length() - 1)  # largest power of 2 below n
    return hashlib.sha256(b"\x01" + mth(d[:k]) + mth(d[k:])).digest()
bad = [s for s, r in (l.split() for l in open(sys.argv[2])) if mth(leaves[:int(s)]).hex() != r]
print("sizes checked:", len(open(sys.argv[2]).readlines()), "mismatches:", bad)
PY

# "log export" writes the log as C2SP tlog-tiles static files: entry
# bundles, hash tiles and a checkpoint, which "verify --dir" checks.
# Some leaves are salted: roots are compared, not printed.
fixture
"$HAZREG" keys new --org demo-mac >/dev/null 2>&1
root=$("$HAZREG" log root | sed -n 's/^root: //p')
b64=$("$HAZREG" log root | sed -n 's/^root (base64): //p')
mask() {
	awk -v r="$b64" '$0 == r { $0 = "(root of log root, base64)" } { print }' |
		sed -E -e "s/$root/(root of log root)/" \
		-e 's/^— demo-mac .*/— demo-mac (signature)/' -e 's/demo-mac\+[0-9a-f]{8}/demo-mac+KEYID/g'
}
run() {
	"$HAZREG" "$@" 2>&1 | mask
	echo "  exit ${PIPESTATUS[0]}"
}
# Unsigned: the plain checkpoint body.
run log export pub
find pub -type f | sort
mask <pub/checkpoint
# A partial tile of width 11: 11 hashes of 32 bytes.
wc -c <pub/tile/0/000.p/11
# Each entry is a 2-byte big-endian length, then the record's bytes.
head -c 2 pub/tile/entries/000.p/11 | od -An -tx1
run verify --dir pub
run verify --dir pub --json
# Signed with --key: a signed note, checked by the verifier key.
run log export signed --key demo-mac.key --origin example.org/demo-register --json
mask <signed/checkpoint
run verify --dir signed --key demo-mac.pub
# The entries hold commitments, never private values.
grep -c "PRIVATE+KEY" signed/tile/entries/000.p/11
# A directory that is not empty is refused; nothing in it changes.
ls pub >before.txt
run log export pub
ls pub | cmp -s - before.txt && echo "pub unchanged"
# An empty directory is fine.
mkdir empty
run log export empty
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
try log export
try log export a b
try log export x --key no-such.key
try log export x --key demo-mac.pub
try verify --dir no-such-dir
exit 0

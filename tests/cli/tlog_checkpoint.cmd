# "log checkpoint" signs the tree head as a C2SP signed note, which
# "log check note" verifies with the .pub file. Keys are random: signature
# lines and roots are compared, not printed.
fixture
"$HAZREG" keys new --org demo-mac >/dev/null 2>&1
"$HAZREG" keys new --org other-org >/dev/null 2>&1
"$HAZREG" log checkpoint --key demo-mac.key -o cp.txt
echo "exit $?"
field() { sed -n "s/^$1: //p"; }
b64=$("$HAZREG" log root | field 'root (base64)')
# The checkpoint: origin, size, base64 root, blank line, one signature.
mask() {
	awk -v r="$b64" '$0 == r { $0 = "(root of log root)" }
		/^— demo-mac / { $0 = "— demo-mac (signature)" } { print }' |
		sed -E 's/(demo-mac|other-org)\+[0-9a-f]{8}/\1+KEYID/g'
}
mask <cp.txt
grep -Ec '^— demo-mac [A-Za-z0-9+/]{91}=$' cp.txt
# Printed when no -o is given; the same note (Ed25519 is deterministic).
"$HAZREG" log checkpoint --key demo-mac.key | cmp -s - cp.txt && echo "same note on stdout"
check() {
	"$HAZREG" log check note "$@" 2>&1 | mask
	echo "  exit ${PIPESTATUS[0]}"
}
check --key demo-mac.pub cp.txt
# The key as a string; standard input; an unknown key beside the right one.
check --key "$(cat demo-mac.pub)" - <cp.txt
check --key other-org.pub --key demo-mac.pub cp.txt
# Only an unknown key: refused.
check --key other-org.pub cp.txt
# A changed size or root: refused.
sed '2s/.*/12/' cp.txt >bad-size.txt
check --key demo-mac.pub bad-size.txt
# Not a note at all.
head -3 cp.txt >text-only.txt
check --key demo-mac.pub text-only.txt
check --key demo-mac.pub no-such-file.txt
# The register keeps the log's name from its first checkpoint, even when
# the file is copied; --origin names a log that has none yet.
cp hazreg.gpkg copy.gpkg
"$HAZREG" --db copy.gpkg log checkpoint --key demo-mac.key | head -2
"$HAZREG" --db fresh.gpkg init >/dev/null
"$HAZREG" --db fresh.gpkg log checkpoint --key demo-mac.key --origin example.org/demo-register | head -1
"$HAZREG" --db fresh.gpkg log checkpoint --key demo-mac.key | head -1
"$HAZREG" log checkpoint --key demo-mac.key --origin example.org/demo-register 2>&1 >/dev/null | head -1
# Every checkpoint handed out is stored in the register: two here.
sqlite3 hazreg.gpkg "SELECT count(*), min(size), max(size) FROM hr_checkpoint"
cmp -s <(sqlite3 hazreg.gpkg "SELECT writefile('stored.txt', note) FROM hr_checkpoint WHERE seq = 1") /dev/null; cmp -s stored.txt cp.txt && echo "stored note is the note handed out"
# The stored checkpoints are append-only.
sqlite3 hazreg.gpkg "DELETE FROM hr_checkpoint" 2>&1 | grep -o "hr_checkpoint is append-only"
# Errors.
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
# A private key is no verifier key.
try log check note --key demo-mac.key cp.txt
try log checkpoint
try log checkpoint --key no-such.key
try log checkpoint --key demo-mac.pub
try log checkpoint --key demo-mac.key -o no/such/dir/cp.txt
try log checkpoint --key demo-mac.key extra
# The private key is in no file of the register.
grep -c "PRIVATE+KEY" hazreg.gpkg
grep -c "$(cut -d+ -f5 demo-mac.key)" hazreg.gpkg
echo "exit $?"

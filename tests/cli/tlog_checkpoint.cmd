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
# --origin, and a register named with --db.
cp hazreg.gpkg copy.gpkg
"$HAZREG" --db copy.gpkg log checkpoint --key demo-mac.key | head -2
"$HAZREG" log checkpoint --key demo-mac.key --origin example.org/demo-register | head -1
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

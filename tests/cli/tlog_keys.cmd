# "keys new": an Ed25519 note key in two files. Keys are random: only their
# shape, the file modes and the exit statuses are shown.
mkdir keys
"$HAZREG" keys new --org demo-mac --dir keys >vkey 2>msg
echo "exit $?"
sed -E 's/\+[0-9a-f]{8}\+[A-Za-z0-9+\/]{44}$/+KEYID+BASE64/' vkey
sed -E 's/\+[0-9a-f]{8}\+[A-Za-z0-9+\/]{44}$/+KEYID+BASE64/' keys/demo-mac.key keys/demo-mac.pub
cat msg
stat -c '%a %n' keys/demo-mac.key keys/demo-mac.pub
# The printed key is the one in the .pub file.
cmp -s vkey keys/demo-mac.pub && echo "printed key = demo-mac.pub"
# Both halves belong together: the key IDs are equal.
[ "$(cut -d+ -f2 keys/demo-mac.pub)" = "$(cut -d+ -f4 keys/demo-mac.key)" ] && echo "same key ID"
# Never overwritten.
cp keys/demo-mac.key before
"$HAZREG" keys new --org demo-mac --dir keys 2>&1
echo "exit $?"
cmp -s before keys/demo-mac.key && echo "demo-mac.key unchanged"
# A .pub alone also stops it, and no .key is left behind.
touch keys/other.pub
"$HAZREG" keys new --org other --dir keys 2>&1
echo "exit $?"
ls keys
# The current directory by default; a second key differs.
"$HAZREG" keys new --org demo-mac 2>/dev/null | sed -E 's/\+[0-9a-f]{8}\+[A-Za-z0-9+\/]{44}$/+KEYID+BASE64/'
cmp -s demo-mac.pub keys/demo-mac.pub || echo "a new key each time"
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
try keys new
# An organisation's name becomes a key name that can name files too.
try keys new --org "two words"
try keys new --org a+b
try keys new --org ../up
try keys new --org .hidden
cut -d+ -f1 two-words.pub a-b.pub up.pub hidden.pub
try keys new --org "  "
try keys new --org "///"
try keys new --org x --dir no/such/dir
try keys new --org x extra
try keys

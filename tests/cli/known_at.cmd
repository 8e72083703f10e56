# --known-at TIME and --log-size N: a query answers as the register did when
# its log held only the records appended by then, and prints the state with
# the checkpoint that commits to it. Each import gets its own appended time
# (HAZREG_NOW). An area's informant is salted and keys are random: tree
# heads and signatures are compared with what "log root" and the saved
# note say, not printed.
"$HAZREG" keys new --org demo-mac >/dev/null 2>&1
HAZREG_NOW=2025-06-01T00:00:00Z "$HAZREG" import data/areas.geojson >/dev/null
field() { sed -n "s/^$1: //p"; }
n1=$("$HAZREG" log root | field size)
HAZREG_NOW=2025-06-01T00:00:00Z "$HAZREG" log checkpoint --key demo-mac.key -o cp1.txt
# The release of DEMO-RP-001 (released 2025-06-01) enters a month later.
HAZREG_NOW=2025-07-01T00:00:00Z "$HAZREG" import data/release.geojson >/dev/null
n2=$("$HAZREG" log root | field size)
echo "log size after the first import: $n1, after the second: $n2"
roots=()
for ((k = 0; k <= n2; k++)); do
	roots[k]=$("$HAZREG" log root --size "$k" | field root)
done
# Tree heads named by their size; signature lines masked.
mask() {
	local args=() k
	for ((k = 1; k <= n2; k++)); do
		args+=(-e "s/${roots[k]}/(root of log root --size $k)/")
		args+=(-e "s|$("$HAZREG" log root --size "$k" | field 'root (base64)')|(base64 root of size $k)|")
	done
	sed "${args[@]}" -e 's/^— demo-mac .*/— demo-mac (signature)/'
}
# What follows "LABEL" up to the end, as a file.
after() { awk -v l="$1" 'found { print } index($0, l) { found = 1 }'; }

echo "== the release is not yet in the register at size $n1"
"$HAZREG" query point 36.01 49.01 --log-size "$n1" >size.txt
echo "exit $?"
mask <size.txt
after "as issued:" <size.txt | cmp -s - cp1.txt && echo "the stored signed note is printed verbatim"

echo "== --known-at between the imports: the same answer, asked then"
"$HAZREG" query point 36.01 49.01 --known-at 2025-06-15 >known.txt
echo "exit $?"
"$HAZREG" query point 36.01 49.01 --log-size "$n1" --at 2025-06-15 >size-at.txt
sed '/^As the register stood/,$d' known.txt >known-answer.txt
sed '/^As the register stood/,$d' size-at.txt >size-answer.txt
cmp -s known-answer.txt size-answer.txt && echo "same answer as --log-size $n1 --at 2025-06-15"
grep -E "^(1 hazardous|  HAZARDOUS|  released|As the register)" known.txt

echo "== without the options: the answer of today"
"$HAZREG" query point 36.01 49.01 --at 2025-06-15 | grep -E "^(1 hazardous|  HAZARDOUS|  released|As the register)"
"$HAZREG" query point 36.01 49.01 --at 2025-06-15 | grep -c "As the register stood"

echo "== as JSON: the answer's object, with as_of"
"$HAZREG" query point 36.01 49.01 --known-at 2025-06-15 --json >known.json
"$HAZREG" query point 36.01 49.01 --at 2025-06-15 --json >today.json
python3 - "$n1" "${roots[$n1]}" <<'EOF'
import json, sys
n1, root = int(sys.argv[1]), sys.argv[2]
k, t = json.load(open("known.json")), json.load(open("today.json"))
a = k["as_of"]
print("keys besides as_of as without the options:", sorted(set(k) - {"as_of"}) == sorted(t))
print("as_of:", sorted(a))
print("log_size:", a["log_size"] == n1, "known_at:", a["known_at"], "last_appended:", a["last_appended"])
print("root is log root --size:", a["root"] == root, "signed:", a["signed"], "number:", a["checkpoint_number"])
print("checkpoint is the note handed out:", a["checkpoint"] == open("cp1.txt").read())
print("later:", a["later_checkpoint"])
print("states:", k["areas"][0]["state"], "then,", t["areas"][0]["state"], "now")
EOF

echo "== a size with no signed checkpoint: unsigned, linked to the later one"
m=$((n1 - 1))
"$HAZREG" query point 36.01 49.01 --log-size "$m" >unsigned.txt
echo "exit $?"
sed -n '/^As the register stood/,$p' unsigned.txt | mask
after "of log size $n1:" <unsigned.txt | cmp -s - cp1.txt && echo "the later signed note is printed verbatim"
# An auditor's check: the old root as printed with the answer, the new one
# from the signed note, the proof from the command the answer names.
"$HAZREG" log check note --key demo-mac.pub cp1.txt >/dev/null && echo "cp1.txt: signature verified"
old_root=$(sed -n 's/^  tree head: *//p' unsigned.txt)
new_root=$(sed -n 3p cp1.txt | base64 -d | od -An -tx1 | tr -d ' \n')
prove=$(sed -n 's/^  prove the link: *//p' unsigned.txt)
# shellcheck disable=SC2086 # the command's words are separate arguments
proof=$("$HAZREG" ${prove#hazreg } | sed -n 's/^proof: *//p')
"$HAZREG" log check consistency --old "$m" --new "$n1" --old-root "$old_root" \
	--new-root "$new_root" --proof "$proof" >/dev/null && echo "$prove: verified"

echo "== the whole log, no checkpoint of it yet"
"$HAZREG" query point 36.01 49.01 --log-size "$n2" | sed -n '/^As the register stood/,$p' | mask

echo "== before the first record: an empty register"
"$HAZREG" query point 36.01 49.01 --known-at 2025-05-31T23:59:59Z | mask
echo "exit $?"

echo "== every read that answers about hazards"
"$HAZREG" show DEMO-HA-001 --log-size "$n1" | grep -E "^(History|As the register)"
"$HAZREG" show DEMO-HA-001 | grep -E "^(History|As the register)"
"$HAZREG" show DEMO-HA-001 --log-size "$n1" --json |
	python3 -c 'import json, sys; j = json.load(sys.stdin); print(len(j["records"]), "records,", "at", j["at"], "as_of", j["as_of"]["log_size"])'
"$HAZREG" export --layer releases --log-size "$n1" |
	python3 -c 'import json, sys; j = json.load(sys.stdin); print(j["type"], len(j["features"]), "features, as_of", j["as_of"]["log_size"], j["as_of"]["signed"])'
"$HAZREG" export --layer releases |
	python3 -c 'import json, sys; j = json.load(sys.stdin); print(j["type"], len(j["features"]), "features,", "as_of" in j)'
"$HAZREG" export --layer releases --known-at 2025-06-15 -o then.geojson | grep "^As the register"
python3 -c 'import json; j = json.load(open("then.geojson")); print(len(j["features"]), "features in the file, as_of", j["as_of"]["log_size"])'
"$HAZREG" risk timeline DEMO-HA-001 --log-size "$n1" | grep -E "^As the register"
"$HAZREG" risk timeline DEMO-HA-001 --log-size "$n1" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["as_of"]["log_size"])'
"$HAZREG" plot DEMO-HA-001 -o then.svg --known-at 2025-06-15 --json |
	python3 -c 'import json, sys; j = json.load(sys.stdin); print(j["at"], j["as_of"]["known_at"])'
"$HAZREG" reliability --log-size "$n1" | grep -E "^As the register"
"$HAZREG" reliability --log-size "$n1" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["as_of"]["log_size"])'
# Before the command, as global options.
"$HAZREG" --log-size "$n1" query point 36.01 49.01 | grep -E "^As the register"

echo "== refused"
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
try query point 36.01 49.01 --log-size "$((n2 + 1))"
try query point 36.01 49.01 --log-size 18446744073709551616
try query point 36.01 49.01 --log-size -1
try query point 36.01 49.01 --known-at 2025-13-01
try query point 36.01 49.01 --known-at 2025-06-15T00:00:00
try query point 36.01 49.01 --known-at
try query point 36.01 49.01 --known-at 2025-06-15 --log-size 3
try --log-size 3 query point 36.01 49.01 --known-at 2025-06-15
try show DEMO-HA-002 --log-size 5
try import data/item.geojson --known-at 2025-06-15
try --log-size 3 import data/item.geojson
try init --log-size 3
try rebuild --log-size 3
try log checkpoint --key demo-mac.key --log-size 3
try log root --log-size 3
try check --known-at 2025-06-15
# Nothing was written by the refused commands.
"$HAZREG" log root | field size

# "log prove" makes inclusion proofs that "log check inclusion" accepts,
# for every record in every tree size of the demo register; a changed
# digit anywhere is refused. Leaf hashes of salted records vary from run to
# run, so the outputs are checked against each other, not printed.
fixture
field() { sed -n "s/^$1: //p"; }
n=$("$HAZREG" log root | field size)
echo "log size: $n"
ok=0 bad=0
for ((size = 1; size <= n; size++)); do
	for ((i = 0; i < size; i++)); do
		out=$("$HAZREG" log prove "$i" --size "$size")
		if "$HAZREG" log check inclusion --leaf-hash "$(echo "$out" | field 'leaf hash')" \
			--index "$i" --size "$size" --root "$(echo "$out" | field root)" \
			--proof "$(echo "$out" | sed -n 's/^proof: *//p')" >/dev/null; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
		fi
	done
done
echo "inclusion proofs verified: $ok, refused: $bad"

# One proof in full: its shape, and what the check says.
out=$("$HAZREG" log prove 2)
echo "$out" | sed -E 's/[0-9a-f]{64}/HASH/g'
leaf=$(echo "$out" | field 'leaf hash')
root=$(echo "$out" | field root)
proof=$(echo "$out" | sed -n 's/^proof: *//p')
check() {
	"$HAZREG" log check inclusion "$@" 2>&1
	echo "  exit $?"
}
check --leaf-hash "$leaf" --index 2 --size "$n" --root "$root" --proof "$proof"
# The leaf hash of "log prove" is the one "log list" shows.
"$HAZREG" log list --json | grep -c "\"leaf_hash\":\"$leaf\""
# Upper-case hex is the same hash.
check --leaf-hash "$(echo "$leaf" | tr a-f A-F)" --index 2 --size "$n" --root "$root" \
	--proof "$proof"

# Flip one hex digit: of the leaf, the root, each proof hash.
flip() { # flip the hex digit at position $2 of $1
	local s=$1 p=$2 c=${1:$2:1} d
	if [ "$c" = 0 ]; then d=1; else d=0; fi
	printf '%s%s%s' "${s:0:p}" "$d" "${s:p+1}"
}
check --leaf-hash "$(flip "$leaf" 63)" --index 2 --size "$n" --root "$root" --proof "$proof"
check --leaf-hash "$leaf" --index 2 --size "$n" --root "$(flip "$root" 0)" --proof "$proof"
len=${#proof}
refused=0 digits=0
for ((p = 0; p < len; p++)); do
	[ "${proof:p:1}" = , ] && continue
	digits=$((digits + 1))
	"$HAZREG" log check inclusion --leaf-hash "$leaf" --index 2 --size "$n" --root "$root" \
		--proof "$(flip "$proof" "$p")" 2>/dev/null
	[ $? -eq 1 ] && refused=$((refused + 1))
done
echo "proof digits flipped: $digits, refused: $refused"
# The wrong index or size, a hash missing or left over.
check --leaf-hash "$leaf" --index 3 --size "$n" --root "$root" --proof "$proof"
check --leaf-hash "$leaf" --index 2 --size 5 --root "$root" --proof "$proof"
check --leaf-hash "$leaf" --index 2 --size "$n" --root "$root" --proof "${proof%,*}"
check --leaf-hash "$leaf" --index 2 --size "$n" --root "$root" --proof "$proof,$root"
check --leaf-hash "$leaf" --index 2 --size "$n" --root "$root" --proof ""

# A one-leaf tree: the empty proof, and the root is the leaf hash.
"$HAZREG" log prove 0 --size 1 --json | sed -E 's/[0-9a-f]{64}/HASH/g'
out=$("$HAZREG" log prove 0 --size 1)
check --leaf-hash "$(echo "$out" | field 'leaf hash')" --index 0 --size 1 \
	--root "$(echo "$out" | field 'leaf hash')" --proof ""

# JSON: the same proof as an array.
"$HAZREG" log prove 2 --json | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(sorted(j), j["index"], j["size"], len(j["proof"]))
print("same proof as text:", ",".join(j["proof"]) == sys.argv[1])' "$proof"

# Usage errors.
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
try log prove
try log prove "$n"
try log prove 2 --size 2
try log prove 2 --size "$((n + 1))"
try log prove two
try log prove 1 2

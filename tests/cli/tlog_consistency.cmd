# "log consistency" makes proofs that "log check consistency" accepts for
# every pair of tree sizes of the demo register; a changed digit is refused.
fixture
field() { sed -n "s/^$1: //p"; }
n=$("$HAZREG" log root | field size)
echo "log size: $n"
ok=0 bad=0 pairs=0
for ((old = 0; old <= n; old++)); do
	for ((new = old; new <= n; new++)); do
		out=$("$HAZREG" log consistency "$old" "$new")
		pairs=$((pairs + 1))
		# The roots are those of "log root".
		[ "$(echo "$out" | field 'old root')" = "$("$HAZREG" log root --size "$old" | field root)" ] ||
			echo "old root of $old differs from log root"
		if "$HAZREG" log check consistency --old "$old" --new "$new" \
			--old-root "$(echo "$out" | field 'old root')" \
			--new-root "$(echo "$out" | field 'new root')" \
			--proof "$(echo "$out" | sed -n 's/^proof: *//p')" >/dev/null; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
		fi
	done
done
echo "pairs: $pairs, verified: $ok, refused: $bad"

out=$("$HAZREG" log consistency 3 7)
echo "$out" | sed -E 's/[0-9a-f]{64}/HASH/g'
r3=$(echo "$out" | field 'old root')
r7=$(echo "$out" | field 'new root')
proof=$(echo "$out" | sed -n 's/^proof: *//p')
check() {
	"$HAZREG" log check consistency "$@" 2>&1
	echo "  exit $?"
}
flip() {
	local s=$1 p=$2 c=${1:$2:1} d
	if [ "$c" = 0 ]; then d=1; else d=0; fi
	printf '%s%s%s' "${s:0:p}" "$d" "${s:p+1}"
}
check --old 3 --new 7 --old-root "$r3" --new-root "$r7" --proof "$proof"
check --old 3 --new 7 --old-root "$(flip "$r3" 10)" --new-root "$r7" --proof "$proof"
check --old 3 --new 7 --old-root "$r3" --new-root "$(flip "$r7" 10)" --proof "$proof"
check --old 3 --new 7 --old-root "$r3" --new-root "$r7" --proof "$(flip "$proof" 70)"
check --old 3 --new 7 --old-root "$r3" --new-root "$r7" --proof "${proof%,*}"
check --old 4 --new 7 --old-root "$r3" --new-root "$r7" --proof "$proof"
# Swapped roots: the newer tree is no prefix of the older.
check --old 3 --new 7 --old-root "$r7" --new-root "$r3" --proof "$proof"
# Equal sizes: empty proof, equal roots.
check --old 7 --new 7 --old-root "$r7" --new-root "$r7" --proof ""
check --old 7 --new 7 --old-root "$r3" --new-root "$r7" --proof ""
# The empty tree is a prefix of every tree, with its own root only.
empty=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
check --old 0 --new 7 --old-root "$empty" --new-root "$r7" --proof ""
check --old 0 --new 7 --old-root "$r3" --new-root "$r7" --proof ""
"$HAZREG" log consistency 0 "$n" --json | sed -E 's/[0-9a-f]{64}/HASH/g'
"$HAZREG" log consistency 3 7 --json | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(sorted(j), j["old_size"], j["new_size"])
print("same proof as text:", ",".join(j["proof"]) == sys.argv[1])' "$proof"

try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
try log consistency
try log consistency 3
try log consistency 7 3
try log consistency 3 "$((n + 1))"
try log consistency 3 7 9
try log consistency x 7

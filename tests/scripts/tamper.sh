#!/usr/bin/env bash
# tamper.sh - "hazreg verify" against a register someone has edited behind
# the library's back: on copies of a register of a few hundred records,
# flip bytes of stored records and of stored leaf hashes, delete, swap and
# duplicate records, and flip bytes of the signed checkpoint. Every
# tampering must be detected (exit 1) and, where a record was touched,
# the message must name exactly that record. Positions are sampled so the
# test stays well under a minute.
#
# The log table refuses UPDATE and DELETE by triggers; a tamperer can drop
# them, so the copies here do.
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
command -v sqlite3 >/dev/null || {
	echo "SKIP: sqlite3 is not installed"
	exit 0
}

gen --profile demo --seed 3 --areas 100 -o d.geojson
"$HAZREG" --db reg.gpkg import d.geojson >/dev/null || fail "import"
"$HAZREG" keys new --org auditor-test >/dev/null 2>&1 || fail "keys new"
"$HAZREG" --db reg.gpkg log checkpoint --key auditor-test.key -o cp.txt || fail "checkpoint"
n=$(sed -n 2p cp.txt)
[ "$n" -ge 200 ] && ok "register of $n records" || fail "only $n records"

verify() { "$HAZREG" --db "$1" verify --key auditor-test.pub --checkpoint "${2:-cp.txt}"; }
set +e
verify reg.gpkg >out.txt 2>err.txt
rc=$?
set -e
[ $rc -eq 0 ] && ok "the untouched register verifies" || fail "untouched: exit $rc: $(cat err.txt)"

# A copy whose log can be edited.
cp reg.gpkg t.gpkg
sqlite3 t.gpkg "DROP TRIGGER hr_log_no_update; DROP TRIGGER hr_log_no_delete;"
sql() { sqlite3 t.gpkg "$1"; }

tried=0
detected=0
# expect WHAT RECORD: verify t.gpkg fails; when RECORD is not "-", the
# message names that record and no other.
expect() {
	local what=$1 rec=$2 rc
	tried=$((tried + 1))
	set +e
	verify t.gpkg >out.txt 2>err.txt
	rc=$?
	set -e
	if [ $rc -ne 1 ]; then
		fail "$what: exit $rc, want 1"
		return
	fi
	if [ "$rec" != - ] && ! grep -q "^hazreg: verify: record $rec: " err.txt; then
		fail "$what: record $rec not named: $(cat err.txt)"
		return
	fi
	detected=$((detected + 1))
}

# Flip byte POS (0-based) of hex string HEX: print the new hex.
flip_hex() {
	local hex=$1 pos=$2 b
	b=$(printf '%02X' $((0x${hex:$((2 * pos)):2} ^ 0x01)))
	printf '%s%s%s' "${hex:0:$((2 * pos))}" "$b" "${hex:$((2 * pos + 2))}"
}

# (a) One byte of a record's bytes: every 7th record at a sampled
# position, and every position of three records: the first, the shortest
# of the middle half and the last.
for ((i = 0; i < n; i += 7)); do
	hex=$(sql "SELECT hex(bytes) FROM hr_log WHERE idx = $i")
	len=$((${#hex} / 2))
	pos=$(((i * 31) % len))
	sql "UPDATE hr_log SET bytes = x'$(flip_hex "$hex" $pos)' WHERE idx = $i"
	expect "record $i byte $pos" $i
	sql "UPDATE hr_log SET bytes = x'$hex' WHERE idx = $i"
done
mid=$(sql "SELECT idx FROM hr_log WHERE idx BETWEEN $((n / 4)) AND $((3 * n / 4))
	ORDER BY length(bytes), idx LIMIT 1")
for i in 0 $mid $((n - 1)); do
	hex=$(sql "SELECT hex(bytes) FROM hr_log WHERE idx = $i")
	len=$((${#hex} / 2))
	for ((pos = 0; pos < len; pos++)); do
		sql "UPDATE hr_log SET bytes = x'$(flip_hex "$hex" $pos)' WHERE idx = $i"
		expect "record $i byte $pos" $i
	done
	sql "UPDATE hr_log SET bytes = x'$hex' WHERE idx = $i"
done
ok "(a) record bytes flipped: $detected of $tried detected"
a_tried=$tried

# (b) One byte of a stored leaf hash.
for ((i = 3; i < n; i += 11)); do
	hex=$(sql "SELECT hex(leaf) FROM hr_log WHERE idx = $i")
	pos=$((i % 32))
	sql "UPDATE hr_log SET leaf = x'$(flip_hex "$hex" $pos)' WHERE idx = $i"
	expect "leaf of record $i byte $pos" $i
	sql "UPDATE hr_log SET leaf = x'$hex' WHERE idx = $i"
done
ok "(b) leaf hashes flipped: $((tried - a_tried)) tried"
b_tried=$tried

# (c) Whole records: delete the last, swap bytes, duplicate bytes, swap
# whole rows (bytes and leaf together: only the tree head can tell).
cp t.gpkg t0.gpkg
sql "DELETE FROM hr_log WHERE idx = $((n - 1))"
expect "last record deleted" $((n - 1))
cp t0.gpkg t.gpkg
for pair in "5 9" "40 41" "$((n - 2)) $((n - 1))"; do
	set -- $pair
	sql "ATTACH 't0.gpkg' AS t0;
	     UPDATE hr_log SET bytes = (SELECT bytes FROM t0.hr_log WHERE idx = $2) WHERE idx = $1;
	     UPDATE hr_log SET bytes = (SELECT bytes FROM t0.hr_log WHERE idx = $1) WHERE idx = $2;"
	expect "bytes of records $1 and $2 swapped" $1
	cp t0.gpkg t.gpkg
	sql "ATTACH 't0.gpkg' AS t0;
	     UPDATE hr_log SET bytes = (SELECT bytes FROM t0.hr_log WHERE idx = $2),
	                       leaf = (SELECT leaf FROM t0.hr_log WHERE idx = $2) WHERE idx = $1;
	     UPDATE hr_log SET bytes = (SELECT bytes FROM t0.hr_log WHERE idx = $1),
	                       leaf = (SELECT leaf FROM t0.hr_log WHERE idx = $1) WHERE idx = $2;"
	expect "rows $1 and $2 swapped" -
	cp t0.gpkg t.gpkg
done
for pair in "0 1" "17 100" "$((n - 1)) 60"; do
	set -- $pair
	sql "UPDATE hr_log SET bytes = (SELECT bytes FROM hr_log WHERE idx = $1) WHERE idx = $2"
	expect "bytes of record $1 copied into record $2" $2
	cp t0.gpkg t.gpkg
	sql "UPDATE hr_log SET bytes = (SELECT bytes FROM hr_log WHERE idx = $1),
	                       leaf = (SELECT leaf FROM hr_log WHERE idx = $1) WHERE idx = $2"
	expect "row $1 copied into row $2" -
	cp t0.gpkg t.gpkg
done
ok "(c) records deleted, swapped, duplicated: $((tried - b_tried)) tried"
c_tried=$tried

# (d) Every byte of the checkpoint flipped: refused, whatever the register.
cp reg.gpkg t.gpkg
cphex=$(od -An -v -tx1 cp.txt | tr -d ' \n')
cplen=$((${#cphex} / 2))
for ((pos = 0; pos < cplen; pos++)); do
	printf "$(flip_hex "$cphex" $pos | sed 's/../\\x&/g')" >bad-cp.txt
	tried=$((tried + 1))
	set +e
	verify t.gpkg bad-cp.txt >out.txt 2>err.txt
	rc=$?
	set -e
	if [ $rc -eq 1 ] && grep -q '^hazreg: verify: checkpoint: ' err.txt; then
		detected=$((detected + 1))
	else
		fail "checkpoint byte $pos flipped: exit $rc: $(cat err.txt)"
	fi
done
ok "(d) checkpoint bytes flipped: $((tried - c_tried)) tried"

[ "$detected" -eq "$tried" ] && ok "tamperings detected: $detected of $tried (100%)" ||
	fail "tamperings detected: $detected of $tried"
finish

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
# them, so the copies here do (common.sh: tamper_sql). On PostgreSQL
# (pg.script.tamper) the register is a database, each copy a database
# made from it, and each change is made by the superuser with the
# triggers turned off for it.
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
if on_pg; then
	command -v psql >/dev/null || fail "psql is not installed (postgresql-client)"
else
	command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"
fi
[ "$failures" -eq 0 ] || finish
db=$(register reg) || fail "no register"
# every byte of a record or checkpoint, or every STEP-th: each verify of
# a database costs a connection, and what the backend adds (reading the
# rows back) is the same for every byte (HR_TAMPER_STEP)
step=1
on_pg && step=${HR_TAMPER_STEP:-8}

gen --profile demo --seed 3 --areas 100 -o d.geojson
"$HAZREG" --db "$db" import d.geojson >/dev/null || fail "import"
"$HAZREG" keys new --org auditor-test >/dev/null 2>&1 || fail "keys new"
# An organisation with a registered key and signed records, then a first
# checkpoint stored in the register, then more records.
"$HAZREG" keys new --org "Tamper Test Org" >/dev/null 2>&1 || fail "keys new (org)"
"$HAZREG" --db "$db" keys register --org "Tamper Test Org" Tamper-Test-Org.pub >/dev/null ||
	fail "keys register"
signed_geojson() {
	local i=$1 x
	x=$(printf '36.%02d' "$i")
	printf '\036{"type":"Feature","id":"TT-%d","geometry":{"type":"Polygon","coordinates":[[[%s,49.0],[%s5,49.0],[%s5,49.005],[%s,49.005],[%s,49.0]]]},"properties":{"kind":"area","org":"Tamper Test Org","date_of_information":"2025-01-0%dT00:00:00Z","classification":"SHA","informant":"Invented Person %d"}}\n' \
		"$i" "$x" "$x" "$x" "$x" "$x" "$i" "$i"
}
for i in 1 2 3; do signed_geojson $i; done >signed.geojsons
"$HAZREG" --db "$db" import --sign Tamper-Test-Org.key signed.geojsons >/dev/null ||
	fail "signed import"
"$HAZREG" --db "$db" log checkpoint --key auditor-test.key -o cp-first.txt || fail "checkpoint"
for i in 4 5; do signed_geojson $i; done >signed2.geojsons
"$HAZREG" --db "$db" import --sign Tamper-Test-Org.key signed2.geojsons >/dev/null ||
	fail "signed import"
"$HAZREG" --db "$db" log checkpoint --key auditor-test.key -o cp.txt || fail "checkpoint"
n=$(sed -n 2p cp.txt)
[ "$n" -ge 200 ] && ok "register of $n records" || fail "only $n records"

verify() { "$HAZREG" --db "$1" verify --key auditor-test.pub --checkpoint "${2:-cp.txt}"; }
signed_idx=$(sql "$db" "SELECT min(idx) FROM hr_log WHERE subject = 'TT-2'")
set +e
verify "$db" >out.txt 2>err.txt
rc=$?
set -e
[ $rc -eq 0 ] && ok "the untouched register verifies" || fail "untouched: exit $rc: $(cat err.txt)"

# A copy whose log can be edited.
t=$(register_copy "$db" t) || fail "copy"
tsql() { tamper_sql "$t" "$1"; }
# swap COLUMN A B : exchange a column of two log rows
swap() {
	local a b
	a=$(tsql "SELECT $(sql_hex $1) FROM hr_log WHERE idx = $2")
	b=$(tsql "SELECT $(sql_hex $1) FROM hr_log WHERE idx = $3")
	tsql "UPDATE hr_log SET $1 = $(sql_blob "$b") WHERE idx = $2;
	      UPDATE hr_log SET $1 = $(sql_blob "$a") WHERE idx = $3"
}

tried=0
detected=0
# expect WHAT RECORD: verify "$t" fails; when RECORD is not "-", the
# message names that record and no other.
expect() {
	local what=$1 rec=$2 rc
	tried=$((tried + 1))
	set +e
	verify "$t" >out.txt 2>err.txt
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

# refused WHAT PATTERN [CHECKPOINT]: verify "$t" fails with a message
# matching PATTERN.
refused() {
	local rc
	tried=$((tried + 1))
	set +e
	verify "$t" ${3:-} >out.txt 2>err.txt
	rc=$?
	set -e
	if [ $rc -eq 1 ] && grep -q "$2" err.txt; then
		detected=$((detected + 1))
		return 0
	fi
	fail "$1: exit $rc: $(cat err.txt)"
	return 1
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
	hex=$(tsql "SELECT $(sql_hex bytes) FROM hr_log WHERE idx = $i")
	len=$((${#hex} / 2))
	pos=$(((i * 31) % len))
	tsql "UPDATE hr_log SET bytes = $(sql_blob "$(flip_hex "$hex" $pos)") WHERE idx = $i"
	expect "record $i byte $pos" $i
	tsql "UPDATE hr_log SET bytes = $(sql_blob "$hex") WHERE idx = $i"
done
mid=$(tsql "SELECT idx FROM hr_log WHERE idx BETWEEN $((n / 4)) AND $((3 * n / 4))
	ORDER BY length(bytes), idx LIMIT 1")
for i in 0 $mid $signed_idx $((n - 1)); do
	hex=$(tsql "SELECT $(sql_hex bytes) FROM hr_log WHERE idx = $i")
	len=$((${#hex} / 2))
	for ((pos = 0; pos < len; pos += step)); do
		tsql "UPDATE hr_log SET bytes = $(sql_blob "$(flip_hex "$hex" $pos)") WHERE idx = $i"
		expect "record $i byte $pos" $i
	done
	tsql "UPDATE hr_log SET bytes = $(sql_blob "$hex") WHERE idx = $i"
done
ok "(a) record bytes flipped: $detected of $tried detected"
a_tried=$tried

# (b) One byte of a stored leaf hash.
for ((i = 3; i < n; i += 11)); do
	hex=$(tsql "SELECT $(sql_hex leaf) FROM hr_log WHERE idx = $i")
	pos=$((i % 32))
	tsql "UPDATE hr_log SET leaf = $(sql_blob "$(flip_hex "$hex" $pos)") WHERE idx = $i"
	expect "leaf of record $i byte $pos" $i
	tsql "UPDATE hr_log SET leaf = $(sql_blob "$hex") WHERE idx = $i"
done
ok "(b) leaf hashes flipped: $((tried - a_tried)) tried"
b_tried=$tried

# (c) Whole records: delete the last, swap bytes, duplicate bytes, swap
# whole rows (bytes and leaf together: only the tree head can tell).
t0=$(register_copy "$t" t0) || fail "copy"
tsql "DELETE FROM hr_log WHERE idx = $((n - 1))"
expect "last record deleted" $((n - 1))
t=$(register_copy "$t0" t)
for pair in "5 9" "40 41" "$((n - 2)) $((n - 1))"; do
	set -- $pair
	swap bytes $1 $2
	expect "bytes of records $1 and $2 swapped" $1
	swap leaf $1 $2
	expect "rows $1 and $2 swapped" -
	t=$(register_copy "$t0" t)
done
for pair in "0 1" "17 100" "$((n - 1)) 60"; do
	set -- $pair
	tsql "UPDATE hr_log SET bytes = (SELECT bytes FROM hr_log WHERE idx = $1) WHERE idx = $2"
	expect "bytes of record $1 copied into record $2" $2
	t=$(register_copy "$t0" t)
	tsql "UPDATE hr_log SET bytes = (SELECT bytes FROM hr_log WHERE idx = $1),
	                       leaf = (SELECT leaf FROM hr_log WHERE idx = $1) WHERE idx = $2"
	expect "row $1 copied into row $2" -
	t=$(register_copy "$t0" t)
done
ok "(c) records deleted, swapped, duplicated: $((tried - b_tried)) tried"
c_tried=$tried

# (d) Every byte of the checkpoint flipped: refused, whatever the register.
t=$(register_copy "$db" t)
cphex=$(od -An -v -tx1 cp.txt | tr -d ' \n')
cplen=$((${#cphex} / 2))
for ((pos = 0; pos < cplen; pos += step)); do
	printf "$(flip_hex "$cphex" $pos | sed 's/../\\x&/g')" >bad-cp.txt
	refused "checkpoint byte $pos flipped" '^hazreg: verify: checkpoint: ' bad-cp.txt
done
ok "(d) checkpoint bytes flipped: $((tried - c_tried)) tried"

d_tried=$tried

# (e) Every byte of every checkpoint the register stored flipped (each in
# turn, the register otherwise intact): the stored checkpoint is named.
sql "$t0" "SELECT count(*) FROM hr_checkpoint" | grep -qx 2 || fail "2 stored checkpoints"
for seq in 1 2; do
	t=$(register_copy "$t0" t)
	hex=$(tsql "SELECT $(sql_hex note) FROM hr_checkpoint WHERE seq = $seq")
	len=$((${#hex} / 2))
	for ((pos = 0; pos < len; pos += step)); do
		tsql "UPDATE hr_checkpoint SET note = $(sql_blob "$(flip_hex "$hex" $pos)") WHERE seq = $seq"
		refused "stored checkpoint $seq byte $pos flipped" \
			"^hazreg: verify: stored checkpoint $seq: "
	done
	tsql "UPDATE hr_checkpoint SET note = $(sql_blob "$hex") WHERE seq = $seq"
done
ok "(e) stored checkpoint bytes flipped: $((tried - d_tried)) tried"
e_tried=$tried

# (f) A rewritten history the operator signed again: a signed record made
# unsigned (signature field cut, leaf recomputed, tiles dropped) and a new
# checkpoint over it. The tree heads agree, so only the organisation's
# signature rule can tell: the record is named.
t=$(register_copy "$t0" t)
hex=$(tsql "SELECT $(sql_hex bytes) FROM hr_log WHERE idx = $signed_idx")
python3 - "$hex" >rewritten.txt <<'PY' || fail "rewriting record $signed_idx"
import hashlib, sys
b = bytes.fromhex(sys.argv[1])
out, i = bytearray(b[:13]), 13
while i < len(b):
    tag = b[i]; j = i + 1; n = 0; shift = 0
    while True:
        c = b[j]; j += 1; n |= (c & 0x7f) << shift; shift += 7
        if not c & 0x80:
            break
    if tag != 9:
        out += b[i:j + n]
    i = j + n
out = bytes(out)
assert len(out) == len(b) - 70
print(out.hex(), hashlib.sha256(b"\x00" + out).hexdigest())
PY
read -r rbytes rleaf <rewritten.txt
tsql "UPDATE hr_log SET bytes = $(sql_blob "$rbytes"), leaf = $(sql_blob "$rleaf") WHERE idx = $signed_idx;
      DELETE FROM hr_tile; DELETE FROM hr_meta WHERE key = 'merkle_tiles_size'"
"$HAZREG" --db "$t" log checkpoint --key auditor-test.key -o cp-rewritten.txt >/dev/null ||
	fail "checkpoint of the rewritten register"
refused "(f) signature cut" "^hazreg: verify: record $signed_idx: signature: " cp-rewritten.txt &&
	ok "(f) a signature cut from a record under a new checkpoint: $(cat err.txt)"

[ "$detected" -eq "$tried" ] && ok "tamperings detected: $detected of $tried (100%)" ||
	fail "tamperings detected: $detected of $tried"
finish

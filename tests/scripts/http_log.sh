#!/usr/bin/env bash
# http_log.sh - the log over HTTP: the latest stored signed checkpoint,
# inclusion and consistency proofs equal to the CLI's and checked by
# "hazreg log check", the C2SP tlog-tiles files byte for byte as
# "hazreg log export" writes them (and only up to the checkpoint's size),
# strict tile paths; "hazreg verify --key K URL" passes on the live server
# and fails, naming the record, on a copy whose log was edited behind the
# library's back.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/http.sh"
cd "$HR_TEST_TMP"
data=$HR_SRC/tests/cli/data
gen --profile demo --seed 5 --areas 160 -o d.geojson
db=$(register reg) || fail "no register"
"$HAZREG" --db "$db" import d.geojson >/dev/null || fail "import"
"$HAZREG" keys new --org auditor-test >/dev/null 2>&1 || fail "keys new"
"$HAZREG" keys new --org someone-else >/dev/null 2>&1 || fail "keys new"
serve_start srv "$db"
url=$srv_url

# No checkpoint yet: 404 that says how to make one; no tiles.
st=$(get "$url/log/checkpoint" cp.txt)
[ "$st" = 404 ] && grep -q "hazreg log checkpoint" cp.txt && ok "no checkpoint: 404 naming 'hazreg log checkpoint'" ||
	fail "no checkpoint: HTTP $st: $(cat cp.txt)"
st=$(get "$url/tile/0/000" t.bin)
[ "$st" = 404 ] && ok "no checkpoint: no tiles" || fail "tile without checkpoint: HTTP $st"

# A checkpoint: served as stored, at both paths.
"$HAZREG" --db "$db" log checkpoint --key auditor-test.key -o cp1.txt || fail "checkpoint"
n1=$(sed -n 2p cp1.txt)
[ "$n1" -gt 256 ] && ok "checkpoint of $n1 records (more than one tile)" || fail "only $n1 records"
for p in log/checkpoint checkpoint; do
	st=$(get "$url/$p" got.txt)
	[ "$st" = 200 ] && cmp -s got.txt cp1.txt && ok "/$p is the stored checkpoint" ||
		fail "/$p: HTTP $st: $(cat got.txt)"
done
curl -s -D hdr.txt -o /dev/null "$url/log/checkpoint"
grep -qi '^Content-Type: text/plain' hdr.txt && ok "checkpoint as text/plain" || fail "$(cat hdr.txt)"

# The tiles equal "log export"'s files, all of them, byte for byte.
"$HAZREG" --db "$db" log export pub --key auditor-test.key >/dev/null || fail "log export"
files=0
bad=0
while read -r f; do
	rel=${f#pub/}
	[ "$rel" = checkpoint ] && continue
	files=$((files + 1))
	st=$(get "$url/$rel" t.bin)
	if [ "$st" != 200 ] || ! cmp -s t.bin "$f"; then
		bad=$((bad + 1))
		fail "/$rel: HTTP $st, not the exported file"
	fi
done < <(find pub -type f | sort)
[ "$files" -ge 4 ] && [ "$bad" -eq 0 ] && ok "$files tile files equal the export's" ||
	fail "$files files compared, $bad differ"
# A partial tile narrower than the checkpoint's is a prefix; wider, or
# the full name of a partial tile, is not there.
w=$((n1 % 256))
last=$(printf '%03d' $((n1 / 256)))
st=$(get "$url/tile/0/$last.p/$((w - 1))" t.bin)
head -c $(((w - 1) * 32)) "pub/tile/0/$last.p/$w" | cmp -s - t.bin && [ "$st" = 200 ] &&
	ok "tile/0/$last.p/$((w - 1)) is a prefix of the tile" || fail "narrower tile: HTTP $st"
for p in "tile/0/$last.p/$((w + 1))" "tile/0/$last" "tile/entries/$last" "tile/0/0000" "tile/0/00" \
	"tile/0/000.p/256" "tile/0/000.p/011" "tile/x/000" "tile/entries/000/" "tile/1/000"; do
	st=$(get "$url/$p" t.bin)
	[ "$st" = 404 ] && ok "/$p: 404" || fail "/$p: HTTP $st"
done

# More records but no new checkpoint: the tiles stay at the checkpoint's size.
"$HAZREG" --db "$db" import "$data/areas.geojson" "$data/release.geojson" >/dev/null || fail "import more"
n2=$("$HAZREG" --db "$db" log root | sed -n 's/^size: //p')
st=$(get "$url/tile/0/$last.p/$((w + 1))" t.bin)
[ "$st" = 404 ] && ok "records past the checkpoint are not in the tiles ($n2 in the log)" ||
	fail "tile past the checkpoint: HTTP $st"

# Proofs: the CLI's JSON, and they check.
# proof KIND QUERY CLI-ARGS... : GET /log/proof/KIND?QUERY equals "hazreg
# log CLI-ARGS --json", and "hazreg log check KIND" verifies it.
proof() {
	local kind=$1 query=$2 st check
	shift 2
	st=$(get "$url/log/proof/$kind?$query" api.json)
	"$HAZREG" --db "$db" log "$@" --json >cli.json
	if [ "$st" != 200 ] || ! cmp -s api.json cli.json; then
		fail "$kind $query: HTTP $st, not the CLI's: $(cat api.json)"
		return
	fi
	check=$(python3 -c '
import json, sys
p = json.load(open("api.json")); proof = ",".join(p["proof"])
if sys.argv[1] == "inclusion":
    print("--leaf-hash %s --index %d --size %d --root %s" % (p["leaf_hash"], p["index"], p["size"], p["root"]))
else:
    print("--old %d --new %d --old-root %s --new-root %s" % (p["old_size"], p["new_size"], p["old_root"], p["new_root"]))
print(proof)' "$kind")
	# shellcheck disable=SC2046
	"$HAZREG" log check "$kind" $(echo "$check" | sed -n 1p) --proof "$(echo "$check" | sed -n 2p)" \
		>/dev/null && ok "$kind $query: the CLI's, and it checks" || fail "$kind $query does not check"
}
for i in 0 1 7 $((n1 / 2)) $((n1 - 1)); do
	for size in $n1 $n2; do
		proof inclusion "index=$i&size=$size" prove "$i" --size "$size"
	done
done
proof inclusion "index=3" prove 3
for pair in "0 $n1" "1 $n1" "5 $n1" "$n1 $n1" "$n1 $n2" "100 $n2" "257 $n2"; do
	set -- $pair
	proof consistency "old=$1&new=$2" consistency "$1" "$2"
done
refused() { # PATH WORD
	local st
	st=$(get "$url$1" err.json)
	[ "$st" = 400 ] && grep -q -- "$2" err.json && ok "refused $1: $2" ||
		fail "$1: HTTP $st, want 400 naming '$2': $(cat err.json)"
}
refused "/log/proof/inclusion" "parameter index is missing"
refused "/log/proof/inclusion?index=x" "parameter index"
refused "/log/proof/inclusion?index=-1" "parameter index"
refused "/log/proof/inclusion?index=05" "parameter index"
refused "/log/proof/inclusion?index=$n2" "parameter index"
refused "/log/proof/inclusion?index=0&size=$((n2 + 1))" "parameter size"
refused "/log/proof/consistency?old=1" "parameter new is missing"
refused "/log/proof/consistency?old=5&new=4" "parameter old"
refused "/log/proof/consistency?old=1&new=$((n2 + 1))" "parameter new"

# The auditor's check over HTTP: the same checks as --dir.
"$HAZREG" verify --key auditor-test.pub "$url" >v.txt 2>&1 && grep -q "^verified: $n1 served entries" v.txt &&
	ok "verify --key K URL passes" || fail "verify URL: $(cat v.txt)"
"$HAZREG" verify --key auditor-test.pub "$url" --json >v.json 2>&1 &&
	grep -q "\"url\":\"$url\"" v.json && ok "verify URL --json names the URL" || fail "$(cat v.json)"
"$HAZREG" verify --key auditor-test.pub --dir pub >d.txt 2>&1 && ok "verify --dir on the export passes" ||
	fail "verify --dir: $(cat d.txt)"
"$HAZREG" verify --key auditor-test.pub --checkpoint cp1.txt "$url/" >v.txt 2>&1 &&
	ok "verify URL with the auditor's own checkpoint" || fail "$(cat v.txt)"
set +e
"$HAZREG" verify --key someone-else.pub "$url" >v.txt 2>&1
rc=$?
set -e
[ $rc = 1 ] && grep -q "not signed by a trusted key" v.txt && ok "verify with another key: refused" ||
	fail "another key: exit $rc: $(cat v.txt)"
set +e
"$HAZREG" verify --key auditor-test.pub --dir pub "$url" >v.txt 2>&1
rc=$?
set -e
[ $rc = 2 ] && ok "verify with --dir and a URL: usage error" || fail "both: exit $rc"

# A copy of the register with one record's bytes changed behind the
# library's back, served: the live log no longer verifies, and the
# message names the record.
serve_stop srv # a database is copied with nobody connected
t=$(register_copy "$db" t) || fail "copy"
rec=$((n1 / 3))
hex=$(sql "$t" "SELECT $(sql_hex bytes) FROM hr_log WHERE idx = $rec")
for pos in 20 $((${#hex} / 2 - 5)); do
	b=$(printf '%02X' $((0x${hex:$((2 * pos)):2} ^ 0x01)))
	tamper_sql "$t" "UPDATE hr_log SET bytes = $(sql_blob "${hex:0:$((2 * pos))}$b${hex:$((2 * pos + 2))}") WHERE idx = $rec"
	serve_start bad "$t"
	set +e
	"$HAZREG" verify --key auditor-test.pub "$bad_url" >v.txt 2>&1
	rc=$?
	set -e
	[ $rc = 1 ] && grep -q "record $rec\b" v.txt && ok "tampered byte $pos of record $rec: verify fails naming it" ||
		fail "tampered byte $pos: exit $rc: $(cat v.txt)"
	serve_stop bad
done
finish

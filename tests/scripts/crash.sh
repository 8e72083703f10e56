# Crash safety: kill -9 at random moments during imports, and during
# writes through the HTTP API (a server taking public reports one after
# another). After each trial the store opens, every acknowledged record is
# present with the same leaf hash, every leaf hash recomputes, and derived
# state equals a rebuild (hazreg check); an import is all or nothing, and
# every report the server answered 201 is in the log. The same on a
# GeoPackage and on PostgreSQL (pg.script.crash: the killed client's
# transaction is the server's to roll back). HR_CRASH_TRIALS and
# HR_CRASH_API_TRIALS set the numbers (default 50, 25 on PostgreSQL where
# each check reads the log through a connection, and 8).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/http.sh"
cd "$HR_TEST_TMP"
trials=${HR_CRASH_TRIALS:-50}
on_pg && trials=${HR_CRASH_TRIALS:-25}
api_trials=${HR_CRASH_API_TRIALS:-8}
db=$(register reg) || fail "no register"
for s in 1 2 3; do gen --profile demo --seed $s --areas 150 -o chunk$s.geojson; done
"$HAZREG" --db "$db" init >/dev/null
# how long one import takes, to aim the kills inside it
t0=$(date +%s%N)
probe=$(register_copy "$db" probe) || fail "copy"
"$HAZREG" --db "$probe" import chunk1.geojson >/dev/null
t1=$(date +%s%N)
span_us=$(((t1 - t0) / 1000))
echo "one import takes about $((span_us / 1000)) ms; $trials trials"
leaves() { sql "$db" "SELECT idx, $(sql_hex leaf) FROM hr_log WHERE idx < ${1:-9223372036854775807} ORDER BY idx"; }
acked=$(sql "$db" 'SELECT count(*) FROM hr_log')
leaves >acked.txt
# sleep_random SPAN_US : sleep for a random time up to SPAN_US and a fifth
sleep_random() {
	local us=$(($(od -An -N4 -tu4 /dev/urandom) % ($1 + $1 / 5 + 1)))
	sleep "$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
}
# consistent TRIAL : the store opens and is consistent, the records
# acknowledged before the trial are there unchanged; sets n to the log size
consistent() {
	if ! "$HAZREG" --db "$db" check >check.txt 2>&1; then
		fail "trial $1: check failed: $(cat check.txt)"
		return 1
	fi
	n=$(sql "$db" 'SELECT count(*) FROM hr_log')
	leaves "$acked" >now.txt
	cmp -s acked.txt now.txt || fail "trial $1: acknowledged records changed or lost"
}
killed=0 completed=0
i=0
while [ $i -lt "$trials" ]; do
	i=$((i + 1))
	chunk=chunk$(((i % 3) + 1)).geojson
	"$HAZREG" --db "$db" import $chunk >/dev/null 2>&1 &
	pid=$!
	sleep_random "$span_us"
	kill -9 $pid 2>/dev/null || true
	if wait $pid; then
		completed=$((completed + 1))
		ack_now=1
	else
		killed=$((killed + 1))
		ack_now=0
	fi
	consistent $i || break
	if [ $ack_now -eq 1 ] && [ "$n" -le "$acked" ]; then
		fail "trial $i: an acknowledged import is missing ($n <= $acked)"
	fi
	# all or nothing: the log grew by a whole import or not at all
	per=$(grep -o '"type":"Feature"' $chunk | wc -l)
	if [ "$n" -ne "$acked" ] && [ "$n" -ne $((acked + per)) ]; then
		fail "trial $i: partial import visible ($acked -> $n, chunk of $per)"
	fi
	acked=$n
	leaves >acked.txt
done
echo "trials: $i, killed mid-import: $killed, completed before the kill: $completed, records: $acked"
[ $killed -gt 0 ] || fail "no import was ever killed mid-way: the test is vacuous"

# The API: a client posts reports one after another and notes each id the
# server acknowledged (201); the server is killed at a random moment
# within a second of its start.
unset HAZREG_NOW # reports are received now
reported=0
for ((j = 1; j <= api_trials; j++)); do
	serve_start srv "$db" --no-web || break
	: >ids.txt
	(
		while :; do
			code=$(post "$srv_url/reports" \
				"{\"lon\": 36.$j, \"lat\": 49.1, \"description\": \"crash trial $j\"}" rep.json) ||
				break
			[ "$code" = 201 ] || break
			sed -n 's/.*"id":"\([a-z0-9]*\)".*/\1/p' rep.json >>ids.txt
		done
	) &
	client=$!
	sleep_random 1000000
	kill -9 "$srv_pid"
	wait "$srv_pid" 2>/dev/null || true
	serve_pids=${serve_pids/ $srv_pid/}
	wait $client || true
	consistent "api $j" || break
	missing=0
	while read -r id; do
		[ "$(sql "$db" "SELECT count(*) FROM hr_log WHERE kind = 8 AND subject = '$id'")" = 1 ] ||
			missing=$((missing + 1))
	done <ids.txt
	[ $missing -eq 0 ] || fail "api trial $j: $missing of $(wc -l <ids.txt) acknowledged reports lost"
	reported=$((reported + $(wc -l <ids.txt)))
	acked=$n
	leaves >acked.txt
done
echo "API trials: $api_trials, reports acknowledged before the kills: $reported"
[ $reported -gt 0 ] || fail "no report was acknowledged before a kill: the test is vacuous"
finish

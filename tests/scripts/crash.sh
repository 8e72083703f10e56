# Crash safety: kill -9 at random moments during imports. After each
# trial the store opens, every acknowledged record is present with the
# same leaf hash, every leaf hash recomputes, and derived state equals a
# rebuild (hazreg check). HR_CRASH_TRIALS sets the number (default 50).
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
trials=${HR_CRASH_TRIALS:-50}
db=reg.gpkg
for s in 1 2 3; do gen --profile demo --seed $s --areas 150 -o chunk$s.geojson; done
"$HAZREG" --db $db init >/dev/null
# how long one import takes, to aim the kills inside it
t0=$(date +%s%N)
cp $db probe.gpkg
"$HAZREG" --db probe.gpkg import chunk1.geojson >/dev/null
t1=$(date +%s%N)
span_us=$(((t1 - t0) / 1000))
echo "one import takes about $((span_us / 1000)) ms; $trials trials"
acked=$(sqlite3 $db 'SELECT count(*) FROM hr_log')
sqlite3 $db 'SELECT idx, hex(leaf) FROM hr_log ORDER BY idx' >acked.txt
killed=0 completed=0
i=0
while [ $i -lt "$trials" ]; do
	i=$((i + 1))
	chunk=chunk$(((i % 3) + 1)).geojson
	delay_us=$(( ($(od -An -N4 -tu4 /dev/urandom) % (span_us + span_us / 5 + 1)) ))
	"$HAZREG" --db $db import $chunk >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%06d' $((delay_us / 1000000)) $((delay_us % 1000000)))"
	kill -9 $pid 2>/dev/null || true
	if wait $pid; then
		completed=$((completed + 1))
		ack_now=1
	else
		killed=$((killed + 1))
		ack_now=0
	fi
	# the store opens and is consistent
	if ! "$HAZREG" --db $db check >check.txt 2>&1; then
		fail "trial $i: check failed: $(cat check.txt)"
		break
	fi
	n=$(sqlite3 $db 'SELECT count(*) FROM hr_log')
	# acknowledged records are all there, unchanged
	sqlite3 $db "SELECT idx, hex(leaf) FROM hr_log WHERE idx < $acked ORDER BY idx" >now.txt
	cmp -s acked.txt now.txt || fail "trial $i: acknowledged records changed or lost"
	if [ $ack_now -eq 1 ] && [ "$n" -le "$acked" ]; then
		fail "trial $i: an acknowledged import is missing ($n <= $acked)"
	fi
	# all or nothing: the log grew by a whole import or not at all
	per=$(grep -o '"type":"Feature"' $chunk | wc -l)
	if [ "$n" -ne "$acked" ] && [ "$n" -ne $((acked + per)) ]; then
		fail "trial $i: partial import visible ($acked -> $n, chunk of $per)"
	fi
	acked=$n
	sqlite3 $db 'SELECT idx, hex(leaf) FROM hr_log ORDER BY idx' >acked.txt
done
echo "trials: $i, killed mid-import: $killed, completed before the kill: $completed, records: $acked"
[ $killed -gt 0 ] || fail "no import was ever killed mid-way: the test is vacuous"
finish

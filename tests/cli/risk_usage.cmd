# Usage errors and unknown ids of the risk commands: the first line of the
# message, then the exit status.
fixture
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
try risk
try risk timeline
try risk timeline DEMO-HA-999
try risk timeline DEMO-HA-001 DEMO-HA-002
try risk timeline DEMO-HA-001 --step 0d
try risk timeline DEMO-HA-001 --step 1y
try risk timeline DEMO-HA-001 --step 1s
try risk timeline DEMO-HA-001 --from 2025-03-01 --to 2025-01-01
try risk timeline DEMO-HA-001 --from yesterday
try plot DEMO-HA-001
try plot DEMO-HA-001 -o decay.gif
try plot DEMO-HA-001 -o decay.svg --lang fr
try plot DEMO-HA-999 -o decay.svg
try reliability --class np-sd-99h
try reliability extra
try reliability -o chart.pdf
ls decay.* chart.* 2>/dev/null || echo "no file written"

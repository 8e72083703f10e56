# Boundaries (kind adm_area) enter through the normal import; the summary
# by oblast before and after the clearance of 2025-06-01, and by raion.
"$HAZREG" import data/adm_boundaries.geojson data/adm_register.geojson >/dev/null || exit 9
"$HAZREG" summary --by adm1 --at 2025-05-01
echo "  exit $?"
"$HAZREG" summary --by adm1 --at 2025-07-01
echo "  exit $?"
"$HAZREG" summary --by adm2 --at 2025-07-01
echo "  exit $?"
"$HAZREG" summary --by adm1 --at 2025-07-01 --json
echo "  exit $?"
# boundaries are public: they are in the public export
"$HAZREG" export --profile public --layer admin | grep -o '"id":"[A-Z0-9]*",\|"kind":"[a-z_]*","adm_level":[0-9]'

# The public profile: no accident, no private field names or values.
fixture
"$HAZREG" export >public.geojson || exit
echo "features by kind:"
grep -o '"kind": *"[a-z]*"' public.geojson | sed 's/ //g' | sort | uniq -c
for word in accident victims informant finder Example; do
	if grep -q "$word" public.geojson; then echo "FOUND $word"; else echo "no $word"; fi
done

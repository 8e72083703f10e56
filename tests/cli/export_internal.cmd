fixture
"$HAZREG" export --profile internal --layer accidents -o accidents.geojson || exit
grep -c '"kind": *"accident"' accidents.geojson
for word in "Example Victim" farming informant finder; do
	if grep -q "$word" accidents.geojson; then echo "FOUND $word"; else echo "no $word"; fi
done
ls

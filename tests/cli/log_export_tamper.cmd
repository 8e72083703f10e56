# "verify --dir" finds a flipped byte in an entry bundle or a hash tile
# of a "log export" directory, and a missing file.
fixture
"$HAZREG" log export pub >/dev/null
# Flip the lowest bit of the byte at an offset of a file.
flip() {
	b=$(od -An -tu1 -j"$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((b ^ 1)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
run() {
	"$HAZREG" "$@" 2>&1 | grep -v '^tree head:'
	echo "  exit ${PIPESTATUS[0]}"
}
run verify --dir pub
cp -r pub tile
flip tile/tile/0/000.p/11 100
run verify --dir tile
cp -r pub entry
flip entry/tile/entries/000.p/11 40
run verify --dir entry
cp -r pub short
head -c 100 pub/tile/entries/000.p/11 >short/tile/entries/000.p/11
run verify --dir short
cp -r pub missing
rm missing/tile/0/000.p/11
run verify --dir missing
cp -r pub size
sed -i '2s/.*/10/' size/checkpoint
run verify --dir size
exit 0

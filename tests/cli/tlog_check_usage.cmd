# "log check": strict parsing; each line is the first line of the message,
# then the exit status. No register is needed (none exists here).
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
h=00000000000000000000000000000000000000000000000000000000000000aa
try log check
try log check frob
try log check inclusion --leaf-hash "$h" --index 0 --size 1 --root "$h"
try log check inclusion --leaf-hash "${h%a}" --index 0 --size 1 --root "$h" --proof ""
try log check inclusion --leaf-hash "${h}0" --index 0 --size 1 --root "$h" --proof ""
try log check inclusion --leaf-hash "${h%aa}zz" --index 0 --size 1 --root "$h" --proof ""
try log check inclusion --leaf-hash "$h" --index 1 --size 1 --root "$h" --proof ""
try log check inclusion --leaf-hash "$h" --index 0 --size 0 --root "$h" --proof ""
try log check inclusion --leaf-hash "$h" --index -1 --size 2 --root "$h" --proof ""
try log check inclusion --leaf-hash "$h" --index 0 --size 0x10 --root "$h" --proof ""
try log check inclusion --leaf-hash "$h" --index 0 --size 18446744073709551616 --root "$h" --proof ""
try log check inclusion --leaf-hash "$h" --index 0 --size 2 --root "$h" --proof "$h,"
try log check inclusion --leaf-hash "$h" --index 0 --size 2 --root "$h" --proof "$h,$h,x"
try log check inclusion --leaf-hash "$h" --index 0 --size 2 --root "" --proof "$h"
try log check inclusion --leaf-hash "$h" --leaf-hash "$h" --index 0 --size 2 --root "$h" --proof "$h"
try log check inclusion --leaf-hash "$h" --index 0 --size 2 --root "$h" --proof "$h" extra
try log check inclusion --leaf-hash "$h" --index 0 --size 2 --root "$h" --proof "$h" --db x.gpkg
try log check consistency --old 3 --new 2 --old-root "$h" --new-root "$h" --proof ""
try log check consistency --old 1 --new 2 --old-root "$h" --new-root "$h"
try log check consistency --old 1 --new 2 --old-root "$h" --new-root "$h" --proof "$h" --json
# A one-leaf tree: its root is its leaf hash, the proof is empty.
try log check inclusion --leaf-hash "$h" --index 0 --size 1 --root "$h" --proof ""
# Well-formed claims that do not verify: exit 1 with the reason.
try log check inclusion --leaf-hash "$h" --index 0 --size 1 --root "${h%aa}ab" --proof ""
try log check inclusion --leaf-hash "$h" --index 0 --size 1 --root "$h" --proof "$h"
try log check inclusion --leaf-hash "$h" --index 5 --size 8 --root "$h" --proof "$h,$h"
try log check consistency --old 1 --new 2 --old-root "$h" --new-root "$h" --proof ""
try log check consistency --old 3 --new 8 --old-root "$h" --new-root "$h" --proof "$h,$h,$h,$h"
try log check consistency --old 4 --new 8 --old-root "$h" --new-root "$h" --proof "$h,$h"
try log check note
try log check note --key x+y+z
# Help.
"$HAZREG" log check -h | sed -n 1,4p
"$HAZREG" help log check | sed -n '/^EXIT STATUS/,/^EXAMPLES/p'

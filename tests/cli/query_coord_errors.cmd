# A coordinate that cannot be read is refused, naming the column and the reason.
fixture
for c in "33U 412345 5334567" "39TUN1234512345" "37UDZ1234556789" "37UJQ12345678" \
	"37UDQ123456789" "37TBQ836428" "37UAQ" "48°61'24.2\"N 37°34'04.1\"E" "48.1234, 37.5678 x" \
	"37T 299070 5436657" "91, 37" "48.1N 37.5N" ""; do
	"$HAZREG" query point "$c" >/dev/null 2>err
	echo "rc=$? $(head -1 err)"
done

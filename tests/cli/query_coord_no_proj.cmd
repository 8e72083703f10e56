# Without PROJ's database a UTM or MGRS reference cannot be read: that is the
# installation's fault, not the command line's, so the exit status is 1
# (not 2, usage) and no usage text follows the reason.
fixture
mkdir empty
PROJ_DATA=$PWD/empty PROJ_LIB=$PWD/empty "$HAZREG" query point 37UDQ12 >out.txt 2>err.txt
echo "rc=$?"
grep -c "PROJ cannot make EPSG:4326 -> EPSG:32637" err.txt
grep -c "^Usage" err.txt
cat out.txt

"$HAZREG" --help
echo ---
"$HAZREG" --version
echo ---
"$HAZREG" help show

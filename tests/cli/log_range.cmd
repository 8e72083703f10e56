fixture
"$HAZREG" log list --from 4 | mask_leaf | cut -c1-100
"$HAZREG" log list --from 50

fixture
"$HAZREG" log list --from 4 | mask_leaf_of DEMO-HA-002 DEMO-IT-001 DEMO-AC-001
"$HAZREG" log list --from 50

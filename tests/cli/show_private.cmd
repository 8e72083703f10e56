fixture
"$HAZREG" show DEMO-HA-002 | mask_private_leaf

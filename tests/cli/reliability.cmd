# Field evidence against the catalogue's bounds. One np-sd-48h item found
# live past its SD window: Beta(2, 1), whose 95% interval (0.158 to 0.987)
# lies above the conservative bound 0.1, so the headline comes first.
fixture
"$HAZREG" reliability

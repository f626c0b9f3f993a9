"""The CSTO dataset: TOML files under apps/site/dataset/, checked, then written (docs/dataset.md)."""

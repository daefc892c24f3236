"""The demo hospital page and the website chat widget's server (see docs/widget.md)."""

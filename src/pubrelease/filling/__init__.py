"""Filling releases: one release as bytes, or a batch into a folder."""

"""Auditing a folder of returns against a roster, and the reports of an audit."""

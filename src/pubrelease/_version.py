"""The version of pubrelease, in one place."""

__version__ = "0.1.0"

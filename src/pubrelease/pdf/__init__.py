"""Generic PDF machinery: syntax, writing, revisions, fonts, page text, marks.

Nothing in this package knows about release forms, and nothing here imports the
rest of pubrelease (a test pins that), so it reads as a small PDF library.
"""

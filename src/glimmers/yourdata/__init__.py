"""Your data is yours: bring a journal in, take it out, back it up.

importing/ reads other journals' files (jrnl, Day One, Daylio, CSV, Markdown);
exporting/ writes Glimmers' own JSON (and reads it back), Markdown, CSV and a
PDF scrapbook; backup.py makes and restores a whole instance's backup. See
docs/your-data.md.
"""

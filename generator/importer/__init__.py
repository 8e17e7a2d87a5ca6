"""`scrutiny import`: published minutes and agenda packs (text, PDF, DOCX, HTML) become draft
records in an archive's content/, with a `review:` entry for everything uncertain or missing.

readers.py reads a file into a SourceDocument (plain text lines with their page); pack.py splits
an agenda pack into its parts; minutes.py, attendance.py and agenda.py turn text into drafts
(drafts.py); writer.py writes them; runner.py runs a batch.
"""

"""Excel both ways: the results workbook, the offline questionnaire, and importing either back.

export.py writes the results workbook, questionnaire.py the offline questionnaire, safety.py checks
an untrusted file before anything parses it, reader.py reads its cells with hard limits, and
importer.py validates a batch of files and saves them all or nothing.
"""

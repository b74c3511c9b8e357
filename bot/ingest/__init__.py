"""Release files in: the CSV and workbook readers, validated records, the
importer (one transaction, revision history) and the watched folder."""

# Dates a bilingual team reads without guessing: Django's English short format
# (12/03/2026) means the 3rd of December in English and the 12th of March to a
# French reader, so every date is ISO 8601 (2026-12-03), in both languages.
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d, H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"

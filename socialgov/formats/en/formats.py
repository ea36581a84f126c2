# Dates a bilingual team reads without guessing: Django's English short format
# (12/03/2026) means the 3rd of December in English and the 12th of March to a
# French reader, so short dates are ISO 8601.
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"

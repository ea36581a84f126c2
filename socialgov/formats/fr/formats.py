# The OQLF's way: numeric dates in ISO 8601 (2026-12-03), as in English, and
# times as 14 h 30 (no-break spaces around the h).
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d, G\u00a0\\h\u00a0i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d, G\u00a0\\h\u00a0i"
TIME_FORMAT = "G\u00a0\\h\u00a0i"

"""English for readers in Germany: the day before the month and the 24-hour clock, as in the
German source, not Django's American defaults."""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"

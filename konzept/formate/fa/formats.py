"""Persian separators: the Arabic decimal separator (U+066B) and thousands separator (U+066C),
which go with the Persian digits of konzept/sprachstellen.py. The rest comes from Django's own
Persian formats."""

DECIMAL_SEPARATOR = "\u066b"
THOUSAND_SEPARATOR = "\u066c"
NUMBER_GROUPING = 3

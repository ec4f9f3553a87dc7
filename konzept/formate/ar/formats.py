"""Arabic: Django gives a short date but no short date with time, which would fall back to the
American "m/d/Y P"."""

SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"

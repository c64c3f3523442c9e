"""URL converters shared by every app."""

MIN_YEAR, MAX_YEAR = 2000, 2100


class YearConverter:
    """A report or plan year in a URL: four digits within the years the app keeps (404 otherwise)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"year out of range: {year}")
        return year

    def to_url(self, value) -> str:
        return f"{int(value):04d}"

"""Anniversaries and ages: the one rule for 29 February.

Someone born (or admitted, or given a deadline) on 29 February has the
anniversary on 1 March in common years. Ages, age bands, "one year after
admission" and "a year later" all follow from ``add_years``.
"""

import calendar
import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same date ``years`` later (or earlier); 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; a day the month lacks becomes its last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years of age on ``day``: the birthday has come once ``add_years(birth_date, age) <= day``."""
    age = day.year - birth_date.year
    return age if add_years(birth_date, age) <= day else age - 1


def born_on_or_before_for_age(day: datetime.date, years: int) -> datetime.date:
    """The latest birth date of someone at least ``years`` old on ``day`` (the inverse of ``age_on``).

    For a 29 February ``day`` whose counterpart year has none, 28 February: someone
    born on 1 March of that year turns ``years`` only on 1 March.
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def year_day(year: int, today: datetime.date) -> datetime.date:
    """The day a year's pages count on: today in the current year, the last day of a past year,
    the first day of a year ahead (never a day outside the year)."""
    return min(today, datetime.date(year, 12, 31)) if year <= today.year else datetime.date(year, 1, 1)


def date_text(day: datetime.date) -> str:
    """2020年11月15日, as reports and file names write a date."""
    return f"{day.year}年{day.month}月{day.day}日"

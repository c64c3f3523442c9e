"""The shared date rules (dangjian/dates.py): a month later, and the day a year's pages count on."""

import datetime

from dangjian.dates import add_months, year_day

D = datetime.date


def test_a_month_after_the_31st_is_the_last_day_of_a_shorter_month():
    assert [add_months(D(2024, 1, 31), 1), add_months(D(2023, 1, 31), 1), add_months(D(2023, 11, 30), 3)] == [
        D(2024, 2, 29),
        D(2023, 2, 28),
        D(2024, 2, 29),
    ]


def test_a_year_counts_on_today_its_last_day_or_ahead_its_first_day():
    today = D(2026, 11, 23)
    assert [year_day(2026, today), year_day(2020, today), year_day(2027, today)] == [
        today,
        D(2020, 12, 31),
        D(2027, 1, 1),
    ]

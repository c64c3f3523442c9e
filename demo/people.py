"""Deterministic people for the demo and the benchmarks: names, birth dates, ID and phone numbers.

One random.Random with a fixed seed, never the global generator, so every run
builds the same county.
"""

import datetime
import random

from dangjian.dates import born_on_or_before_for_age
from demo.specs import (
    GIVEN,
    OFFICE,
    PHONE_PREFIXES,
    RARE_GIVEN,
    REGION_CODE,
    REPORT_DAY,
    SURNAMES,
)
from organizations.ethnicities import HAN
from organizations.idcard import check_digit
from organizations.models import Category, Education, Gender, Occupation


class People:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.used_names: set[str] = set()
        self.used_ids: set[str] = set()

    def weighted(self, choices):
        values, weights = zip(*choices, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        day = start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))
        return day.replace(day=28) if (day.month, day.day) == (2, 29) else day

    def birth_date(self, age: int) -> datetime.date:
        """A birth date giving exactly ``age`` full years on REPORT_DAY."""
        latest = born_on_or_before_for_age(REPORT_DAY, age)
        earliest = born_on_or_before_for_age(REPORT_DAY, age + 1) + datetime.timedelta(days=1)
        return earliest + datetime.timedelta(days=self.rng.randint(0, (latest - earliest).days))

    def education(self, kind: str, band: str, higher: bool) -> str:
        if higher:
            if kind == OFFICE:
                return self.weighted(((Education.POSTGRADUATE, 1), (Education.BACHELOR, 12), (Education.COLLEGE, 7)))
            return self.weighted(((Education.BACHELOR, 2), (Education.COLLEGE, 3)))
        if band == "old":
            return self.weighted(((Education.JUNIOR_OR_BELOW, 9), (Education.HIGH_SCHOOL, 1)))
        if kind == OFFICE:
            return self.weighted(((Education.SECONDARY_VOCATIONAL, 3), (Education.HIGH_SCHOOL, 2)))
        return self.weighted(
            ((Education.JUNIOR_OR_BELOW, 5), (Education.HIGH_SCHOOL, 3), (Education.SECONDARY_VOCATIONAL, 2))
        )

    def occupation(self, category: str, band: str, higher: bool, floating: bool) -> str:
        if floating:
            return Occupation.WORKER  # 外出务工
        if category == Category.ORGAN:
            if band == "old":
                return Occupation.RETIRED
            return self.weighted(((Occupation.CIVIL_SERVANT, 6), (Occupation.WORKER, 1)))
        if category in (Category.INSTITUTION, Category.SCHOOL):
            if band == "old":
                return Occupation.RETIRED
            return self.weighted(((Occupation.PROFESSIONAL, 6), (Occupation.MANAGER, 1), (Occupation.WORKER, 1)))
        if category == Category.COOPERATIVE:
            return self.weighted(((Occupation.FARMER, 3), (Occupation.MANAGER, 1)))
        if higher and band == "young":
            return self.weighted(((Occupation.FARMER, 2), (Occupation.OTHER, 1), (Occupation.MANAGER, 1)))
        return self.weighted(((Occupation.FARMER, 17), (Occupation.WORKER, 2), (Occupation.OTHER, 1)))

    def name(self, gender: str, ethnicity: str) -> str:
        rng = self.rng
        surnames = SURNAMES.get(ethnicity, SURNAMES[HAN])
        for _ in range(50):
            length = 1 if rng.random() < 0.3 else 2
            given = [rng.choice(GIVEN[gender]) for _ in range(length)]
            if rng.random() < 0.012:
                given[-1] = rng.choice(RARE_GIVEN[gender])
            name = rng.choice(surnames) + "".join(given)
            if name not in self.used_names:
                break
        self.used_names.add(name)
        return name

    def id_number(self, birth: datetime.date, gender: str) -> str:
        """A valid GB 11643 number: birth date, gender digit (odd: male) and check digit agree."""
        while True:
            serial = self.rng.randrange(1000)
            if serial % 2 != (1 if gender == Gender.MALE else 0):
                serial ^= 1
            first17 = f"{REGION_CODE}{birth:%Y%m%d}{serial:03d}"
            number = first17 + check_digit(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def shuffled(self, items) -> list:
        items = list(items)
        self.rng.shuffle(items)
        return items

"""The NYC Local Law 144 bias calculation (6 RCNY § 5-301), in plain Python.

Scoring (§ 5-301(c)): the median AI score of the *whole* sample is the bar; a category's
scoring rate is the share of its applicants scoring strictly above that median (a score
equal to the median is not above it); its impact ratio is its rate divided by the highest
category's rate. Sex, race/ethnicity and their intersection are reported separately, each
with the number of applicants whose category is unknown ("prefer not to say" or no answer).

Selection (§ 5-301(b)): the same table over (category, selected) pairs, for human
decisions such as "advanced".

Categories under 2 % of the sample are flagged, never dropped: the rules let an auditor
leave them out of the impact-ratio calculation with a justification, and that is the
auditor's choice to make with the figures in front of them. Impact ratios under 0.8 (the
four-fifths rule of thumb) are flagged too.

Worked example (the rules' own): men 9, 7, 6, 4 and women 8, 5, 3, 2 give a median of 5.5,
scoring rates 0.75 and 0.25, impact ratios 1.00 and 0.33.
"""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

SMALL_SHARE = 0.02
FOUR_FIFTHS = 0.8
INTERSECTION = " · "

Category = str | None  # None: unknown ("prefer not to say", or no answer at all)


@dataclass(frozen=True)
class Applicant:
    """One assessed applicant: self-identified categories (None if unknown) and AI score."""

    sex: Category
    race_ethnicity: Category
    score: float


@dataclass(frozen=True)
class CategoryRow:
    category: str
    count: int
    selected: int  # scoring: above the median; selection: e.g. advanced
    share: float  # of the whole sample, unknowns included
    rate: float
    impact_ratio: float | None  # None when no category has a positive rate

    @property
    def small(self) -> bool:
        """Under 2 % of the sample: shown, but too few to read much into."""
        return self.share < SMALL_SHARE

    @property
    def low_ratio(self) -> bool:
        return self.impact_ratio is not None and self.impact_ratio < FOUR_FIFTHS

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "count": self.count,
            "selected": self.selected,
            "share": self.share,
            "rate": self.rate,
            "impact_ratio": self.impact_ratio,
            "small": self.small,
            "low_ratio": self.low_ratio,
        }


@dataclass(frozen=True)
class ImpactTable:
    dimension: str
    sample: int
    unknown: int
    rows: tuple[CategoryRow, ...]

    @property
    def flagged(self) -> bool:
        return any(row.small or row.low_ratio for row in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "sample": self.sample,
            "unknown": self.unknown,
            "rows": [row.as_dict() for row in self.rows],
        }


@dataclass(frozen=True)
class ScoringReport:
    sample: int
    median: float | None
    tables: tuple[ImpactTable, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "sample": self.sample,
            "median": self.median,
            "tables": [table.as_dict() for table in self.tables],
        }


def impact_table(
    pairs: Iterable[tuple[Category, bool]], *, dimension: str, order: Sequence[str] = ()
) -> ImpactTable:
    """Selection (or scoring) rates and impact ratios over (category, selected) pairs.

    Rows follow `order` first, then any other category alphabetically; a category with
    no applicants has no row. Unknowns count towards the sample and `unknown` only."""
    counts: dict[str, list[int]] = {}
    sample = unknown = 0
    for category, selected in pairs:
        sample += 1
        if category is None:
            unknown += 1
            continue
        tally = counts.setdefault(category, [0, 0])
        tally[0] += 1
        tally[1] += bool(selected)
    rank = {name: index for index, name in enumerate(order)}
    names = sorted(counts, key=lambda name: (rank.get(name, len(rank)), name))
    rates = {name: counts[name][1] / counts[name][0] for name in names}
    best = max(rates.values(), default=0.0)
    rows = tuple(
        CategoryRow(
            category=name,
            count=counts[name][0],
            selected=counts[name][1],
            share=counts[name][0] / sample,
            rate=rates[name],
            impact_ratio=rates[name] / best if best > 0 else None,
        )
        for name in names
    )
    return ImpactTable(dimension=dimension, sample=sample, unknown=unknown, rows=rows)


def intersection(sex: Category, race_ethnicity: Category) -> Category:
    """The sex-and-race/ethnicity category, unknown when either half is."""
    if sex is None or race_ethnicity is None:
        return None
    return f"{sex}{INTERSECTION}{race_ethnicity}"


def intersection_order(sex_order: Sequence[str], race_order: Sequence[str]) -> list[str]:
    return [f"{sex}{INTERSECTION}{race}" for sex in sex_order for race in race_order]


def scoring_report(
    applicants: Sequence[Applicant],
    *,
    sex_order: Sequence[str] = (),
    race_order: Sequence[str] = (),
) -> ScoringReport:
    """Scoring rates and impact ratios for sex, race/ethnicity and their intersection."""
    if not applicants:
        return ScoringReport(sample=0, median=None)
    median = statistics.median(applicant.score for applicant in applicants)
    above = [applicant.score > median for applicant in applicants]
    tables = (
        impact_table(
            zip((a.sex for a in applicants), above, strict=True), dimension="Sex", order=sex_order
        ),
        impact_table(
            zip((a.race_ethnicity for a in applicants), above, strict=True),
            dimension="Race/ethnicity",
            order=race_order,
        ),
        impact_table(
            zip((intersection(a.sex, a.race_ethnicity) for a in applicants), above, strict=True),
            dimension="Sex and race/ethnicity",
            order=intersection_order(sex_order, race_order),
        ),
    )
    return ScoringReport(sample=len(applicants), median=float(median), tables=tables)


def one_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months, today included."""
    return one_year_before(today) + timedelta(days=1), today

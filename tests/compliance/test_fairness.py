"""The NYC Local Law 144 calculation (6 RCNY § 5-301) and the notice's business days,
in plain Python: no database."""

from datetime import date

import pytest

from compliance import fairness
from compliance.business_days import add_business_days, business_days_between
from compliance.fairness import Applicant, impact_table, scoring_report


def rows_by_category(table):
    return {row.category: row for row in table.rows}


def test_the_rules_worked_example_men_and_women():
    # given the example of the rules: men 9, 7, 6, 4 and women 8, 5, 3, 2
    applicants = [Applicant("Male", None, s) for s in (9, 7, 6, 4)]
    applicants += [Applicant("Female", None, s) for s in (8, 5, 3, 2)]

    # when
    report = scoring_report(applicants, sex_order=["Female", "Male"])

    # then
    assert report.median == 5.5
    assert report.sample == 8
    sex = rows_by_category(report.tables[0])
    assert sex["Male"].rate == 0.75
    assert sex["Female"].rate == 0.25
    assert round(sex["Male"].impact_ratio, 2) == 1.00
    assert round(sex["Female"].impact_ratio, 2) == 0.33
    assert sex["Female"].low_ratio
    assert not sex["Male"].low_ratio
    assert [row.category for row in report.tables[0].rows] == ["Female", "Male"]


def test_a_score_equal_to_the_median_is_not_above_it():
    applicants = [Applicant("Male", None, s) for s in (4, 5, 6)]
    applicants += [Applicant("Female", None, s) for s in (5, 5, 7)]
    report = scoring_report(applicants)
    assert report.median == 5
    sex = rows_by_category(report.tables[0])
    assert (sex["Male"].selected, sex["Female"].selected) == (1, 1)
    assert sex["Male"].rate == pytest.approx(1 / 3)


def test_a_category_of_one_percent_is_flagged_not_dropped():
    applicants = [Applicant("Female", "White", 40 + n % 30) for n in range(99)]
    applicants.append(Applicant("Female", "Asian", 90))
    report = scoring_report(applicants)
    race = rows_by_category(report.tables[1])
    assert race["Asian"].count == 1
    assert race["Asian"].share == 0.01
    assert race["Asian"].small
    assert race["Asian"].impact_ratio is not None  # still in the table, with its ratio
    assert not race["White"].small
    assert report.tables[1].flagged


def test_unknowns_are_counted_in_the_median_and_reported_but_have_no_rate():
    applicants = [
        Applicant("Male", "White", 10),
        Applicant("Female", None, 20),
        Applicant(None, "Asian", 30),
        Applicant(None, None, 40),
    ]
    report = scoring_report(applicants)
    assert report.median == 25
    sex, race, both = report.tables
    assert (sex.sample, sex.unknown) == (4, 2)
    assert (race.sample, race.unknown) == (4, 2)
    assert both.unknown == 3  # unknown when either half is
    assert [row.category for row in both.rows] == [f"Male{fairness.INTERSECTION}White"]
    assert rows_by_category(race)["Asian"].rate == 1.0


def test_the_intersection_is_reported_per_sex_and_race():
    applicants = [
        Applicant("Female", "Asian", 90),
        Applicant("Female", "White", 10),
        Applicant("Male", "Asian", 80),
        Applicant("Male", "White", 20),
    ]
    report = scoring_report(applicants, sex_order=["Female", "Male"], race_order=["White", "Asian"])
    both = report.tables[2]
    assert both.dimension == "Sex and race/ethnicity"
    assert [row.category for row in both.rows] == [
        "Female · White",
        "Female · Asian",
        "Male · White",
        "Male · Asian",
    ]
    assert [row.rate for row in both.rows] == [0.0, 1.0, 0.0, 1.0]


def test_selection_rates_work_over_any_category_and_decision_pairs():
    # Human decisions: 3 of 4 women advanced, 1 of 4 men, one unknown advanced.
    pairs = [("Female", True)] * 3 + [("Female", False)]
    pairs += [("Male", True)] + [("Male", False)] * 3 + [(None, True)]
    table = impact_table(pairs, dimension="Sex")
    rows = rows_by_category(table)
    assert (table.sample, table.unknown) == (9, 1)
    assert rows["Female"].rate == 0.75
    assert round(rows["Male"].impact_ratio, 2) == 0.33
    assert rows["Male"].as_dict()["low_ratio"] is True


def test_nobody_above_the_median_gives_no_impact_ratio_rather_than_dividing_by_zero():
    report = scoring_report([Applicant("Male", None, 50), Applicant("Female", None, 50)])
    assert all(row.impact_ratio is None for row in report.tables[0].rows)
    assert not report.tables[0].flagged


def test_an_empty_sample_has_no_median():
    report = scoring_report([])
    assert (report.sample, report.median, report.tables) == (0, None, ())


def test_the_default_period_is_the_last_twelve_months():
    assert fairness.default_period(date(2026, 11, 27)) == (date(2025, 11, 28), date(2026, 11, 27))
    assert fairness.one_year_before(date(2028, 2, 29)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), 0),  # Monday, same day
        (date(2026, 3, 2), date(2026, 3, 6), 4),  # Monday to Friday
        (date(2026, 3, 6), date(2026, 3, 9), 1),  # Friday to Monday: the weekend is skipped
        (date(2026, 3, 2), date(2026, 3, 13), 9),
        (date(2026, 3, 2), date(2026, 3, 16), 10),
        (date(2026, 3, 7), date(2026, 3, 8), 0),  # Saturday to Sunday
        (date(2026, 1, 5), date(2026, 1, 16), 9),
        (date(2026, 1, 5), date(2026, 1, 19), 9),  # Martin Luther King Jr. Day is no business day
        (date(2026, 1, 5), date(2026, 1, 20), 10),
        # Two months: MLK Day, Lincoln's Birthday and Washington's Birthday are skipped.
        (date(2026, 1, 5), date(2026, 3, 2), 37),
        (date(2026, 12, 30), date(2027, 1, 5), 3),  # across the year: New Year's Day is skipped
    ],
)
def test_business_days_skip_weekends_and_new_york_public_holidays(start, end, days):
    assert business_days_between(start, end) == days


def test_ten_business_days_after_a_notice():
    assert add_business_days(date(2026, 3, 2), 10) == date(2026, 3, 16)  # Monday
    assert add_business_days(date(2026, 3, 6), 10) == date(2026, 3, 20)  # Friday
    assert add_business_days(date(2026, 3, 7), 10) == date(2026, 3, 20)  # Saturday
    # A holiday inside the wait lengthens it by a day: MLK Day, 19 January 2026.
    assert add_business_days(date(2026, 1, 5), 10) == date(2026, 1, 20)
    # Independence Day 2026 is a Saturday: it is observed on Friday 3 July.
    assert add_business_days(date(2026, 7, 1), 2) == date(2026, 7, 6)

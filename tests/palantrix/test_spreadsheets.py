"""Cells from tenant text never start a formula in a spreadsheet."""

import csv
import io

from palantrix import spreadsheets


def test_text_that_starts_a_formula_is_escaped_and_numbers_are_not():
    stream = io.StringIO()
    spreadsheets.writer(stream).writerow(["=1+1", "+a", "-a", "@a", "\tx", "\rx", "ok", -3, 0.5])

    (row,) = csv.reader(io.StringIO(stream.getvalue()))

    assert row == ["'=1+1", "'+a", "'-a", "'@a", "'\tx", "'\rx", "ok", "-3", "0.5"]

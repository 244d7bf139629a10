"""CSV files people open in spreadsheets: text that would run as a formula is written as text."""

from partnership.csv_export import spreadsheet_safe


def test_formulas_are_written_as_text_and_numbers_are_left_alone():
    assert spreadsheet_safe('=HYPERLINK("http://example.org")') == '\'=HYPERLINK("http://example.org")'
    assert spreadsheet_safe("+44 116 000") == "'+44 116 000"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("-0.45") == "-0.45"
    assert spreadsheet_safe("Reading in key stage 2") == "Reading in key stage 2"
    assert spreadsheet_safe(12) == 12

"""Secondary suppression (partnership.disclosure.also_hidden): which more part of a total to hide so
that a small hidden part cannot be worked out from the total and the parts shown beside it."""

from __future__ import annotations

from partnership.disclosure import also_hidden, hidden_along, read_as_not_shown


def test_one_hidden_part_beside_a_shown_total_takes_the_next_smallest_with_it():
    # 16 open referrals: 4 with no plan (hidden), 5 in school, 7 home base. 16 less 5 and 7 would
    # give the 4 away, so the in-school 5 is hidden as well.
    parts = {"no plan": 4, "in school": 5, "home base": 7}
    assert also_hidden(parts, {"no plan"}, total_shown=True) == {"in school"}


def test_nothing_more_is_hidden_when_the_total_is_hidden_or_nothing_is():
    parts = {"a": 2, "b": 8}
    assert also_hidden(parts, {"a"}, total_shown=False) == set()
    assert also_hidden(parts, set(), total_shown=True) == set()


def test_several_small_parts_still_take_one_more_since_their_sum_could_give_them_away():
    # Two hidden parts adding up to 2 would each be 1.
    parts = {"a": 1, "b": 1, "c": 9, "d": 6}
    assert also_hidden(parts, {"a", "b"}, total_shown=True) == {"d"}


def test_parts_of_none_are_never_chosen_and_equals_go_to_the_first():
    parts = {"a": 3, "none": 0, "b": 6, "c": 6}
    assert also_hidden(parts, {"a"}, total_shown=True) == {"b"}


def test_a_part_the_reader_sees_exactly_is_never_chosen():
    # A partnership's chair knows their own area; hiding it from them would protect nothing.
    parts = {"north": 7, "south": 2, "east": 12}
    assert also_hidden(parts, {"south"}, total_shown=True, known={"north"}) == {"east"}
    assert also_hidden({"north": 7, "south": 2}, {"south"}, total_shown=True, known={"north"}) == set()


def test_with_nothing_left_to_hide_nothing_more_is_hidden():
    assert also_hidden({"a": 2, "b": 0}, {"a"}, total_shown=True) == set()


# --- Tables that add up along more than one line (hidden_along) -----------------------------------


def test_a_cell_hidden_alone_in_a_line_takes_another_with_it():
    # A row of parts beside its total: hiding the 2 alone, 12 less 10 would give it back.
    values = {"total": 12, "a": 2, "b": 10}
    assert hidden_along(values, {"a"}, [["total", "a", "b"]]) == {"a", "b"}


def test_two_small_cells_alone_in_a_line_take_a_larger_one_with_them():
    # Two hidden cells of 1 each add up to 2: "fewer than 5" each, they could only be 1 and 1.
    values = {"a": 1, "b": 1, "c": 7, "d": 9}
    assert hidden_along(values, {"a", "b"}, [["a", "b", "c", "d"]]) == {"a", "b", "c"}


def test_a_none_is_hidden_when_nothing_else_can_be():
    # With support 2 and without none: the public total of 2 would say both schools had support.
    values = {"with": 2, "without": 0}
    assert hidden_along(values, {"with"}, [["with", "without"]]) == {"with", "without"}


def test_hiding_goes_on_until_no_line_has_one_hidden_cell():
    # A two-by-two table with both margins known: hiding one corner hides the other three.
    values = {("r1", "c1"): 1, ("r1", "c2"): 8, ("r2", "c1"): 6, ("r2", "c2"): 9}
    lines = [
        [("r1", "c1"), ("r1", "c2")],
        [("r2", "c1"), ("r2", "c2")],
        [("r1", "c1"), ("r2", "c1")],
        [("r1", "c2"), ("r2", "c2")],
    ]
    hidden = hidden_along(values, {("r1", "c1")}, lines)
    assert hidden == set(values)
    for line in lines:
        assert len([cell for cell in line if cell in hidden]) != 1


def test_nothing_small_hides_nothing():
    assert hidden_along({"a": 5, "b": 6}, set(), [["a", "b"]]) == set()


def test_two_small_cells_alone_in_a_line_whose_sum_is_known_do_not_both_read_fewer_than():
    """With support 1, without 1, in a stratum of 2 schools anyone can count: "Fewer than 5" on both
    would say each is at least 1, so each is 1. One reads "Not shown", which may be none."""
    values = {"with": 1, "without": 1}
    lines = [["with", "without"]]
    hidden = hidden_along(values, {"with", "without"}, lines)
    assert hidden == {"with", "without"}
    assert read_as_not_shown(values, {"with", "without"}, hidden, lines) == {"with"}
    # Where a cell that is not small is hidden beside them, nothing more is needed.
    values = {"with": 1, "without": 9}
    assert read_as_not_shown(values, {"with"}, {"with", "without"}, [["with", "without"]]) == set()

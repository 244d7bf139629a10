"""Secondary suppression (partnership.disclosure.also_hidden): which more part of a total to hide so
that a small hidden part cannot be worked out from the total and the parts shown beside it."""

from __future__ import annotations

from partnership.disclosure import also_hidden


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

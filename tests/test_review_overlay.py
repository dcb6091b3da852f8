"""A review finishes the job: an edit recomputes what depends on the edited fields (the toll's
parts, the notes), and an edited event is `edited`, a status the listings filter on."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from frontwire.web.review import ReviewState, Revision, fold

RECORD: dict[str, Any] = {"fatalities": 13, "deaths_actor1": None, "deaths_actor2": 12, "deaths_civilians": 1,
                          "deaths_unknown": None, "notes": "On 12 July 2020, X: shelling against Y. 13 fatalities.",
                          "location": "Tovuz"}


def _rev(n: int, action: str, changes: dict[str, Any] | None = None) -> Revision:
    return Revision(n, "c1", "alice", datetime(2024, 1, n, tzinfo=UTC), action,
                    {k: {"old": RECORD.get(k), "new": v} for k, v in (changes or {}).items()}, None)


def test_a_larger_toll_keeps_its_parts_and_the_rest_is_unknown() -> None:
    shown = fold([_rev(1, "edit", {"fatalities": 20})]).overlay(RECORD)
    assert (shown["deaths_actor2"], shown["deaths_civilians"], shown["deaths_unknown"]) == (12, 1, 7)
    assert shown["notes"] == RECORD["notes"] + " Reviewed by alice: fatalities 20 (extracted: 13)."


def test_a_smaller_toll_than_its_parts_makes_them_all_unknown() -> None:
    shown = fold([_rev(1, "edit", {"fatalities": 5})]).overlay(RECORD)
    assert (shown["deaths_actor2"], shown["deaths_civilians"], shown["deaths_unknown"]) == (None, None, 5)


def test_parts_edited_with_the_toll_are_the_reviewers() -> None:
    shown = fold([_rev(1, "edit", {"fatalities": 5, "deaths_actor2": 4})]).overlay(RECORD)
    assert (shown["deaths_actor2"], shown["deaths_civilians"], shown["deaths_unknown"]) == (4, 1, None)


def test_notes_edited_by_hand_are_left_as_written() -> None:
    shown = fold([_rev(1, "edit", {"location": "Agdam", "notes": "Corrected by hand."})]).overlay(RECORD)
    assert shown["notes"] == "Corrected by hand." and shown["location"] == "Agdam"


def test_an_unedited_record_is_unchanged() -> None:
    assert ReviewState().overlay(RECORD) == RECORD
    assert fold([_rev(1, "accept")]).overlay(RECORD) == RECORD


def test_the_status_is_the_last_act() -> None:
    assert fold([_rev(1, "edit", {"fatalities": 20})]).status == "edited"
    assert fold([_rev(1, "edit", {"fatalities": 20}), _rev(2, "accept")]).status == "accepted"
    accepted_then_edited = fold([_rev(1, "accept"), _rev(2, "edit", {"fatalities": 20})])
    assert (accepted_then_edited.status, accepted_then_edited.edits) == ("edited", {"fatalities": 20})

"""The IKM questionnaire of Permenpan RB 14/2017 and the rules on its scores."""

from __future__ import annotations

from typing import get_args

import pytest

from events import IKM_ELEMENTS
from services.feedback.api import schemas
from services.feedback.domain import complaint
from services.feedback.domain.questionnaire import CODES, ELEMENTS, check_scores
from standard.errors import RuleViolation

ALL_THREES = dict.fromkeys(CODES, 3)


def test_questionnaire_has_the_nine_elements_in_the_contract_order() -> None:
    assert CODES == IKM_ELEMENTS
    assert ELEMENTS[7].name.startswith("Penanganan pengaduan")
    assert ELEMENTS[8].name == "Sarana dan prasarana"


def test_each_element_has_its_own_four_official_answers() -> None:
    answers = {element.code: element.answers for element in ELEMENTS}
    assert answers["U1"] == ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
    assert answers["U3"] == ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")
    assert answers["U4"] == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert answers["U7"][3] == "Sangat sopan dan ramah"
    assert all(len(set(element.answers)) == 4 for element in ELEMENTS)
    assert all(element.question.startswith("Bagaimana") for element in ELEMENTS)


def test_complete_scores_are_accepted_in_element_order() -> None:
    scores = {code: 4 for code in reversed(CODES)}
    assert list(check_scores(scores)) == list(CODES)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"U5": None}, "scores.U5"),
        ({"U2": 0}, "scores.U2"),
        ({"U9": 5}, "scores.U9"),
        ({"U1": True}, "scores.U1"),
        ({"U10": 3}, "scores.U10"),
    ],
)
def test_scores_outside_the_nine_elements_or_1_to_4_are_refused(change, field) -> None:
    scores = {**ALL_THREES, **change}
    scores = {code: value for code, value in scores.items() if value is not None}
    with pytest.raises(RuleViolation) as refused:
        check_scores(scores)
    assert refused.value.field == field


def test_api_choices_are_the_domain_codes() -> None:
    assert get_args(schemas.Category) == complaint.CATEGORIES
    assert get_args(schemas.Kind) == complaint.KINDS
    assert get_args(schemas.ResolutionCategory) == complaint.RESOLUTION_CATEGORIES
    assert get_args(schemas.StaffChannel) == complaint.STAFF_CHANNELS

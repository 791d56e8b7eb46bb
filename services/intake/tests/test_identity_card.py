"""The shape of identity card numbers (no registry lookup), and what is ever shown."""

from __future__ import annotations

import pytest

from services.intake.domain.identity_card import IdentityCard, IdentityCardError


def refused(document_type: str, number: str) -> IdentityCardError:
    with pytest.raises(IdentityCardError) as caught:
        IdentityCard.of(document_type, number)
    return caught.value


def test_ktp_nik_is_normalised_and_shows_only_its_last_four_digits() -> None:
    card = IdentityCard.of("KTP", "3572 0112.0390-0001")
    assert card.number == "3572011203900001"
    assert card.last4 == "0001"


def test_ktp_nik_must_have_sixteen_digits() -> None:
    error = refused("KTP", "357201120390001")
    assert error.field == "identity_card.number" and "16 digit" in error.reason


def test_ktp_nik_with_an_unknown_province_code_is_refused() -> None:
    assert "provinsi" in refused("KTP", "9972011203900001").reason


def test_ktp_nik_with_an_impossible_birth_date_is_refused() -> None:
    assert "tanggal lahir" in refused("KTP", "3572013102900001").reason  # 31 February


def test_ktp_nik_of_a_woman_carries_day_plus_forty() -> None:
    assert IdentityCard.of("KTP", "3572015203900002").last4 == "0002"  # born 12 March


def test_ktp_nik_with_a_zero_serial_is_refused() -> None:
    assert "NIK" in refused("KTP", "3572011203900000").reason


@pytest.mark.parametrize("number", ["123456789012", "12345678901234"])
def test_sim_number_has_twelve_to_fourteen_digits(number: str) -> None:
    assert IdentityCard.of("SIM", number).last4 == number[-4:]


def test_sim_number_of_eleven_digits_is_refused() -> None:
    assert "12-14" in refused("SIM", "12345678901").reason


@pytest.mark.parametrize("number", ["C1234567", "ab 123456", "X1234567"])
def test_passport_number_is_letters_then_digits(number: str) -> None:
    assert IdentityCard.of("PASPOR", number).number[0].isalpha()


def test_passport_number_of_digits_only_is_refused() -> None:
    assert refused("PASPOR", "12345678").field == "identity_card.number"


def test_other_documents_take_letters_and_digits() -> None:
    assert IdentityCard.of("OTHER", "KTM-2021-0042").last4 == "0042"


def test_unknown_document_type_names_the_field() -> None:
    assert refused("KARTU", "3572011203900001").field == "identity_card.document_type"


def test_a_card_is_one_identity_per_document() -> None:
    assert IdentityCard.of("SIM", "123456789012").identity == "SIM 123456789012"

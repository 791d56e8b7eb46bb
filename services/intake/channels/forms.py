"""Fields shared by the form channels (walk-in reception, halopst): JSON bodies we define."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

from services.intake.domain.catalogues import (
    PROFILE_FIELDS,
    AgeGroup,
    Education,
    Gender,
    InstitutionType,
    Occupation,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
OfficeId = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
EmailAddress = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254, pattern=EMAIL_SHAPE)
]
PhoneNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 \-().]{6,20}$")
]


class VisitorProfileIn(BaseModel):
    """Coarse categories of the visitor (published); the rest of the form stays in intake."""

    model_config = ConfigDict(extra="forbid")
    institution_type: InstitutionType | None = None
    occupation: Occupation | None = None
    education: Education | None = None
    gender: Gender | None = None
    age_group: AgeGroup | None = None

    def categories(self) -> dict[str, str]:
        values: dict[str, Any] = self.model_dump(
            include=set(PROFILE_FIELDS), exclude_none=True, mode="json"
        )
        return {key: str(value) for key, value in values.items()}

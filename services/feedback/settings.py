"""Feedback settings (environment variables prefixed PST_FEEDBACK_).

Complaint deadlines are not here: they are per-office settings of the service standard
(`standard.office.OfficeSettings.complaint_*_working_days`) on the service calendar.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class FeedbackSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PST_FEEDBACK_", env_file=".env", extra="ignore")

    survey_expiry_hours: float = Field(default=7 * 24, gt=0)
    # WhatsApp Business: free-form messages only within 24 h of the visitor's last message.
    whatsapp_session_hours: float = Field(default=24, gt=0)
    # Where a survey page answers; `{token}` is replaced by the link's token.
    survey_link_template: str = "http://127.0.0.1:8000/survei/{token}"
    # Public endpoints (survey link, complaint form): a token bucket per client address.
    public_rate_per_minute: float = Field(default=30, gt=0)
    public_burst: int = Field(default=10, ge=1)

    @property
    def survey_expiry(self) -> timedelta:
        return timedelta(hours=self.survey_expiry_hours)

    @property
    def whatsapp_session(self) -> timedelta:
        return timedelta(hours=self.whatsapp_session_hours)

    def survey_link(self, token: str) -> str:
        return self.survey_link_template.replace("{token}", token)

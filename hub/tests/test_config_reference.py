"""docs/configuration.md is what the settings classes say, every variable explained."""

from __future__ import annotations

from hub.config_reference import reference_path, render, variables
from hub.settings import HubSettings


def test_the_reference_in_docs_is_the_generated_one() -> None:
    assert reference_path().read_text() == render(), (
        "docs/configuration.md is stale: .venv/bin/hub config-reference > docs/configuration.md"
    )


def test_every_variable_has_a_meaning_and_every_secret_is_marked() -> None:
    found = list(variables())
    assert [v.name for v in found if not v.meaning] == []
    names = {v.name for v in found}
    for expected in (
        "PST_INTAKE_WHATSAPP_APP_SECRET",
        "PST_FEEDBACK_SURVEY_LINK_TEMPLATE",
        "PST_CIPHER_KEY",
        "PST_HEALTH_PORT",
        "PST_DATABASE_URL",
    ):
        assert expected in names
    assert {v.name for v in found if v.secret} >= {"PST_CIPHER_KEY", "PST_SMTP_PASSWORD"}


def test_each_variable_named_in_the_reference_is_read_by_the_settings(monkeypatch) -> None:
    monkeypatch.setenv("PST_KAFKA_TOPIC_PREFIX", "x.")
    monkeypatch.setenv("PST_LOG_FORMAT", "text")
    monkeypatch.setenv("PST_INTAKE_EMAIL_REPLY_FROM", "pst@example.id")
    settings = HubSettings()
    assert settings.kafka.topic_prefix == "x."
    assert settings.log.format == "text"
    assert settings.intake.email_reply_from == "pst@example.id"

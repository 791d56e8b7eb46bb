"""A visitor on a phone answers the survey behind the link and files a complaint on the
website, in the real Chromium against the hub served by uvicorn."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from eventsourcing.persistence import Tracking
from playwright.sync_api import Page, ViewportSize, expect

from hub.runtime import Ports
from infra.security import Role
from services.feedback.domain.questionnaire import ELEMENTS
from services.feedback.notifier import Invitation
from services.feedback.settings import FeedbackSettings
from services.feedback.tests.envelopes import consultation_completed, published
from tests.browser import LiveServer
from tests.harness import HubClient

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
SCORES = {"U1": 4, "U2": 3, "U3": 2, "U4": 4, "U5": 3, "U6": 4, "U7": 1, "U8": 3, "U9": 2}
SECRET = "Antrean hari Senin lebih dari satu jam, Pak Darmo tidak ada di meja"


class Site:
    """A hub with feedback only, served live; survey links point at it."""

    def __init__(self, make_hub: Callable[..., HubClient], server: LiveServer) -> None:
        self.sent: list[Invitation] = []
        self.position = 0
        links = FeedbackSettings(survey_link_template=f"{server.url}/survei/{{token}}")
        self.client = make_hub(("feedback",), Ports(notifier=self), feedback=links)
        self.url = server.start(self.client.app)

    def send(self, invitation: Invitation) -> None:
        self.sent.append(invitation)

    def complete_consultation(self, visit_id: str) -> str:
        """The queue's ConsultationCompleted reaches feedback; the invitation's link."""
        self.position += 1
        finished = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
        delivery = (consultation_completed(visit_id, finished), Tracking("queue", self.position))
        handle_batch = self.client.hub.services["feedback"].handle_batch
        assert handle_batch is not None
        handle_batch([delivery])
        [invitation] = [sent for sent in self.sent if sent.visit_id == visit_id]
        return invitation.link


@pytest.fixture
def site(make_memory_hub: Callable[..., HubClient]) -> Iterator[Site]:
    server = LiveServer()
    try:
        yield Site(make_memory_hub, server)
    finally:
        server.stop()


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def answer(page: Page, scores: dict[str, int]) -> None:
    """Tap the label of the chosen answer of each element."""
    for element in ELEMENTS:
        if element.code in scores:
            label = element.answers[scores[element.code] - 1]
            page.locator(f"fieldset#{element.code}").get_by_text(label, exact=True).click()


def submit(page: Page, button: str) -> int:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button).click()
    response = navigation.value
    assert response is not None
    return response.status


def test_a_visitor_answers_the_nine_elements_and_exactly_those_scores_are_published(
    site: Site, phone: Page
) -> None:
    link = site.complete_consultation("visit-1")
    assert link.startswith(site.url)
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Survei Kepuasan Layanan")
    assert phone.locator("fieldset.element").count() == 9
    no_sideways_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert phone.evaluate(no_sideways_scroll)
    answer(phone, SCORES)
    phone.get_by_label("Saran atau komentar").fill("Petugas sangat membantu.")
    phone.screenshot(path="/tmp/pst-survey-390.png", full_page=True)
    assert submit(phone, "Kirim survei") == 200
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Terima kasih")
    phone.screenshot(path="/tmp/pst-survey-thanks-390.png", full_page=True)
    [submitted] = [e for e in published(site.client) if e.event_type == "SurveySubmitted"]
    assert submitted.data["visit_id"] == "visit-1"
    assert submitted.data["scores"] == SCORES and submitted.data["has_comment"] is True
    assert "membantu" not in submitted.to_json_dict().__repr__()


def test_opening_the_link_again_says_the_survey_was_already_submitted(
    site: Site, phone: Page
) -> None:
    link = site.complete_consultation("visit-1")
    token = link.rsplit("/", 1)[1]
    posted = site.client.http.post(f"/api/feedback/public/surveys/{token}", json={"scores": SCORES})
    assert posted.status_code == 201
    response = phone.goto(link)
    assert response is not None and response.status == 409
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Survei ini sudah diisi")
    assert phone.locator("form").count() == 0


def test_a_missing_answer_is_named_and_the_answers_given_are_kept(site: Site, phone: Page) -> None:
    phone.goto(site.complete_consultation("visit-1"))
    answer(phone, {code: score for code, score in SCORES.items() if code != "U5"})
    assert submit(phone, "Kirim survei") == 422
    expect(phone.get_by_role("alert")).to_contain_text(
        "Unsur U5 (Produk spesifikasi jenis pelayanan) belum dijawab"
    )
    expect(phone.locator("fieldset#U5")).to_have_class("element invalid")
    for code, score in SCORES.items():
        if code != "U5":
            expect(phone.locator(f"#{code}-{score}")).to_be_checked()
    phone.locator("#U5-1").focus()  # the radio group works from the keyboard
    phone.keyboard.press("Space")
    phone.keyboard.press("ArrowDown")
    expect(phone.locator("#U5-2")).to_be_checked()
    assert submit(phone, "Kirim survei") == 200
    [submitted] = [e for e in published(site.client) if e.event_type == "SurveySubmitted"]
    assert submitted.data["scores"] == {**SCORES, "U5": 2}


def test_a_complaint_from_the_website_reaches_the_supervisor_without_text_on_the_bus(
    site: Site, phone: Page
) -> None:
    phone.goto(f"{site.url}/pengaduan")
    phone.get_by_role("radio", name="Pengaduan").check()
    phone.get_by_label("Kategori").select_option("waktu_pelayanan")
    phone.get_by_label("Isi pengaduan").fill(SECRET)
    phone.get_by_text("Cantumkan kontak agar kami dapat membalas").click()
    phone.get_by_label("Nama").fill("Budi Santoso")
    phone.get_by_label("E-mail").fill("budi@example.org")
    assert submit(phone, "Kirim") == 200
    expect(phone.get_by_role("heading", level=1)).to_contain_text(
        "Pengaduan Anda sudah kami terima"
    )
    expect(phone.get_by_text("0851 8226 2225")).to_be_visible()
    reference = phone.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"PGD-3572-\d{4}-\d{4}", reference), reference
    expect(phone.locator("#status-code")).to_have_text(re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$"))

    supervisor = site.client.auth(Role.SUPERVISOR)
    inbox = site.client.http.get(
        "/api/feedback/complaints", params={"status": "open"}, headers=supervisor
    )
    assert inbox.status_code == 200, inbox.text
    listed = inbox.json()["complaints"]
    assert [(c["reference"], c["channel"], c["category"]) for c in listed] == [
        (reference, "website", "waktu_pelayanan")
    ]
    complaint_id = listed[0]["complaint_id"]
    details = site.client.http.get(f"/api/feedback/complaints/{complaint_id}", headers=supervisor)
    assert details.json()["reference"] == reference
    assert details.json()["message"] == SECRET
    assert details.json()["contact"] == {"name": "Budi Santoso", "email": "budi@example.org"}
    [filed] = published(site.client)
    assert filed.event_type == "ComplaintFiled" and filed.data["complaint_id"] == complaint_id
    on_the_bus = str(filed.to_json_dict())
    for private in ("Antrean", "Darmo", "Budi", "example.org"):
        assert private not in on_the_bus

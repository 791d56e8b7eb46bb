"""What visitors and officers see: positions, estimated waits, the standard's clock, alerts."""

from __future__ import annotations

from services.queue.application import QueueApplication
from services.queue.reactions import consume_intake
from services.queue.tests.arrivals import arrival, at, delivered

OUTCOME = {"data_provided": True, "topics": [], "follow_up": False}


def serve(app: QueueApplication, officer: str, called: str, started: str, done: str) -> None:
    ticket = app.call_next("3572", "offline", officer, at(called))
    app.start("3572", ticket.id, officer, at(started))
    app.complete("3572", ticket.id, officer, OUTCOME, at(done))


def test_a_walk_in_clock_runs_from_arrival_when_an_officer_is_free(app: QueueApplication) -> None:
    consume_intake(app, [delivered(arrival("v1", when=at("08:10")))])
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    [entry] = app.waiting_list("3572", "offline", at("08:16")).entries
    assert entry.position == 1
    assert entry.standard.started_at == at("08:10")
    assert (entry.standard.waited_minutes, entry.standard.minutes_left) == (6.0, 4.0)
    assert not entry.standard.call_now


def test_the_clock_restarts_when_the_officer_finishes_the_previous_visitor(
    app: QueueApplication,
) -> None:
    consume_intake(
        app,
        [
            delivered(arrival("first", when=at("08:00"))),
            delivered(arrival("second", when=at("08:05"))),
        ],
    )
    app.sign_on("3572", "petugas-ani", "Meja 1", at("07:55"))
    serve(app, "petugas-ani", "08:01", "08:02", "08:20")
    [entry] = app.waiting_list("3572", "offline", at("08:28")).entries
    assert entry.standard.started_at == at("08:20")
    assert entry.standard.minutes_left == 2.0
    assert entry.standard.call_now  # within 3 minutes of the breach: call now


def test_no_clock_runs_while_every_officer_serves_someone(app: QueueApplication) -> None:
    consume_intake(
        app,
        [
            delivered(arrival("first", when=at("08:00"))),
            delivered(arrival("second", when=at("08:05"))),
        ],
    )
    app.sign_on("3572", "petugas-ani", "Meja 1", at("07:55"))
    app.call_next("3572", "offline", "petugas-ani", at("08:01"))
    [entry] = app.waiting_list("3572", "offline", at("08:40")).entries
    assert entry.standard.started_at is None
    assert entry.standard.minutes_left == 10.0


def test_each_officer_sees_the_clock_of_their_own_last_completion(app: QueueApplication) -> None:
    consume_intake(
        app,
        [
            delivered(arrival("first", when=at("08:00"))),
            delivered(arrival("second", when=at("08:05"))),
        ],
    )
    app.sign_on("3572", "petugas-ani", "Meja 1", at("07:55"))
    app.sign_on("3572", "petugas-budi", "Meja 2", at("07:55"))
    serve(app, "petugas-ani", "08:01", "08:02", "08:12")
    ani = app.waiting_list("3572", "offline", at("08:14"), viewer="petugas-ani").entries[0]
    budi = app.waiting_list("3572", "offline", at("08:14"), viewer="petugas-budi").entries[0]
    anyone = app.waiting_list("3572", "offline", at("08:14")).entries[0]
    assert ani.standard.waited_minutes == 2.0  # from her completion at 08:12
    assert budi.standard.waited_minutes == 9.0  # from the arrival at 08:05
    assert anyone.standard.waited_minutes == 9.0  # the most urgent clock


def test_the_clock_counts_business_time_only(app: QueueApplication) -> None:
    monday_late = at("15:25", day="2026-03-16")  # closes 15:30; Tuesday opens 08:00
    consume_intake(app, [delivered(arrival("v1", when=monday_late))])
    [entry] = app.waiting_list("3572", "offline", at("08:03")).entries
    assert entry.standard.waited_minutes == 8.0
    assert entry.standard.minutes_left == 2.0


def test_an_online_request_runs_against_its_channel_limit(app: QueueApplication) -> None:
    consume_intake(app, [delivered(arrival("chat", "whatsapp", at("08:10")))])
    [entry] = app.waiting_list("3572", "online", at("08:16")).entries
    assert entry.standard.limit_minutes == 5.0
    assert entry.standard.breached


def test_estimated_wait_grows_with_position_and_shrinks_with_officers(
    app: QueueApplication,
) -> None:
    consume_intake(app, [delivered(arrival(f"v{i}", when=at(f"08:0{i}"))) for i in range(5)])
    app.sign_on("3572", "petugas-ani", "Meja 1", at("07:55"))
    serve(app, "petugas-ani", "08:10", "08:10", "08:22")  # one 12-minute consultation
    waits = [e.estimated_wait_minutes for e in app.waiting_list("3572", "offline").entries]
    assert waits == [0.0, 12.0, 24.0, 36.0]
    app.sign_on("3572", "petugas-budi", "Meja 2", at("08:23"))
    waits = [e.estimated_wait_minutes for e in app.waiting_list("3572", "offline").entries]
    assert waits == [0.0, 0.0, 12.0, 12.0]


def test_estimated_wait_is_unknown_with_nobody_on_duty(app: QueueApplication) -> None:
    consume_intake(app, [delivered(arrival("v1"))])
    [entry] = app.waiting_list("3572", "offline", at("08:15")).entries
    assert entry.estimated_wait_minutes is None


def test_the_board_raises_an_alert_when_the_office_is_open_and_nobody_is_on_duty(
    app: QueueApplication,
) -> None:
    board = app.board_view("3572", at("09:00"))
    assert board.office_open
    assert [a.code for a in board.alerts] == ["no_officer_on_duty"]
    app.sign_on("3572", "petugas-ani", "Meja 1", at("09:01"))
    assert app.board_view("3572", at("09:02")).alerts == []
    app.change_duty("start_break", "3572", "petugas-ani", at("12:00"))
    assert [a.code for a in app.board_view("3572", at("12:05")).alerts] == ["no_officer_on_duty"]


def test_no_alert_while_the_office_is_closed(app: QueueApplication) -> None:
    saturday = at("09:00", day="2026-03-14")
    assert app.board_view("3572", saturday).alerts == []


def test_the_board_warns_of_walk_ins_past_or_near_the_standard(app: QueueApplication) -> None:
    consume_intake(
        app,
        [
            delivered(arrival("late", when=at("08:00"))),
            delivered(arrival("soon", when=at("08:05"))),
        ],
    )
    app.sign_on("3572", "petugas-ani", "Meja 1", at("07:55"))
    codes = [a.code for a in app.board_view("3572", at("08:13")).alerts]
    assert codes == ["standard_breached", "call_now"]


def test_the_board_shows_who_is_being_served_and_the_latest_calls(app: QueueApplication) -> None:
    consume_intake(app, [delivered(arrival("v1")), delivered(arrival("v2", "email"))])
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    ticket = app.call_next("3572", "offline", "petugas-ani", at("08:15"))
    app.recall("3572", ticket.id, "petugas-ani", at("08:17"))
    board = app.board_view("3572", at("08:18"))
    assert board.waiting == {"offline": 0, "online": 1}
    assert [(t.number, t.desk, t.state) for t in board.in_service] == [
        ("A-001", "Meja 1", "called")
    ]
    assert [(c.number, c.recall) for c in board.recent_calls] == [("A-001", True), ("A-001", False)]

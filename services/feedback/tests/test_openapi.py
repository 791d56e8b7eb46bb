"""The feedback API documents itself: public and staff routes, with request examples."""

from __future__ import annotations

from collections.abc import Callable

from tests.harness import HubClient


def test_openapi_lists_the_routes_with_examples(make_memory_hub: Callable[..., HubClient]) -> None:
    spec = make_memory_hub(("feedback",)).http.get("/openapi.json").json()
    paths = spec["paths"]
    public = [path for path in paths if path.startswith("/api/feedback/public/")]
    assert sorted(public) == [
        "/api/feedback/public/complaints",
        "/api/feedback/public/complaints/status",
        "/api/feedback/public/questionnaire",
        "/api/feedback/public/surveys/{token}",
        "/api/feedback/public/visits/{token}/survey-link",
    ]
    assert all("security" not in op for path in public for op in paths[path].values())
    assert paths["/api/feedback/complaints/{complaint_id}/resolve"]["post"]["security"]
    schemas = spec["components"]["schemas"]
    for name in ("SurveySubmission", "PublicComplaintIn", "StaffComplaintIn", "ResolveIn"):
        assert schemas[name]["examples"], name
    assert "410" in paths["/api/feedback/public/surveys/{token}"]["post"]["responses"]

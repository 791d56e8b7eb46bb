"""Pages of feedback: the survey behind a link and the website complaint form (public),
and the supervisor's complaints inbox (`/pengaduan-masuk`, in the staff shell).

Server-rendered HTML (jinja2, on the presentation kit's public layout) that works without
JavaScript, in Bahasa Indonesia with English subtitles, calling the same
FeedbackApplication as the JSON API.
"""

from infra.pages import KIT

PAGES = KIT.contribute("feedback", "services.feedback.pages")

"""Every label people read is written once, in standard/wording.py: no page, script,
report or service keeps its own copy (the IKM element names had drifted between the
survey and the report)."""

from __future__ import annotations

from pathlib import Path

from standard import wording

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".py", ".js", ".j2", ".html"}


def labels() -> set[str]:
    found = {name for name, _ in wording.IKM_ELEMENTS.values()}
    found |= {name for _, name in wording.IKM_ELEMENTS.values()}
    found |= set(wording.OFFICER_STATUSES.values()) | set(wording.VISIT_STATUSES.values())
    found |= set(wording.COMPLAINT_CATEGORIES.values()) | set(wording.TOPICS.values())
    found |= {"Datang langsung", "Kotak saran", "Tidak diketahui"}
    return {label for label in found if len(label) > 8}  # distinctive words only


def sources() -> list[Path]:
    folders = [ROOT / name for name in ("services", "infra", "hub")]
    return [
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in SUFFIXES and "tests" not in path.relative_to(ROOT).parts
    ]


def normal(text: str) -> str:
    """Commas aside: 'Sistem, mekanisme dan prosedur' is still a copy."""
    return text.replace(",", "")


def test_labels_are_written_only_in_the_wording_catalogue() -> None:
    wanted = {normal(label): label for label in labels()}
    copies = {
        f"{path.relative_to(ROOT)}: {label!r}"
        for path in sources()
        for text in [normal(path.read_text(encoding="utf-8"))]
        for key, label in wanted.items()
        if f'"{key}"' in text
    }
    assert not copies

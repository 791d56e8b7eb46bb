"""Read a rendered PDF the way a person would: its text, and its pages as PNG images."""

from __future__ import annotations

from pathlib import Path

import pypdfium2


def pdf_pages_text(content: bytes) -> list[str]:
    """Each page's text, whitespace collapsed."""
    document = pypdfium2.PdfDocument(content)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def pdf_text(content: bytes) -> str:
    return " ".join(pdf_pages_text(content))


def pdf_to_png(content: bytes, folder: Path, scale: float = 1.5) -> list[Path]:
    """Render every page to folder/page-N.png; returns the paths."""
    document = pypdfium2.PdfDocument(content)
    try:
        paths = []
        for index, page in enumerate(document, start=1):
            path = folder / f"page-{index}.png"
            page.render(scale=scale).to_pil().save(path)
            paths.append(path)
        return paths
    finally:
        document.close()

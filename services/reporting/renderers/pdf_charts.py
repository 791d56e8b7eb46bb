"""Bar charts for the PDF evaluation (reportlab.graphics, vector, no image files)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

BLUE = colors.HexColor("#1f4e79")
ORANGE = colors.HexColor("#e07b00")
GREY = colors.HexColor("#7f7f7f")


def indonesian(decimals: int) -> Callable[[float], str]:
    """A label formatter: 1.234,5 (dot for thousands, comma for decimals)."""

    def format_value(value: float) -> str:
        text = f"{value:,.{decimals}f}"
        return text.replace(",", "_").replace(".", ",").replace("_", ".")

    return format_value


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Sequence[float]],
    value_max: float,
    names: Sequence[str] = (),
    width: float = 230,
    height: float = 170,
    decimals: int = 1,
) -> Drawing:
    """A titled vertical bar chart; several series are grouped, with a legend."""
    drawing = Drawing(width, height)
    drawing.add(
        String(
            width / 2,
            height - 12,
            title,
            fontName="Helvetica-Bold",
            fontSize=9,
            textAnchor="middle",
        )
    )
    chart = VerticalBarChart()
    chart.x, chart.y = 32, 42 if names else 30
    chart.width, chart.height = int(width - 44), int(height - chart.y - 24)
    chart.data = [list(values) for values in series] or [[0]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, value_max
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = indonesian(0)  # decimal comma, as in the tables
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0 if len(labels) <= 6 else 30
    chart.categoryAxis.labels.dy = -2 if len(labels) <= 6 else -8
    chart.barLabelFormat = indonesian(decimals)
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 5
    for index, color in enumerate((BLUE, ORANGE, GREY)[: len(chart.data)]):
        chart.bars[index].fillColor = color
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    if names:
        drawing.add(legend(names, width))
    return drawing


def legend(names: Sequence[str], width: float) -> Legend:
    found = Legend()
    found.x, found.y = 32, 10
    found.alignment = "right"
    found.columnMaximum = 1
    found.fontSize = 7
    found.deltax = int((width - 44) / max(1, len(names)))
    found.colorNamePairs = list(zip((BLUE, ORANGE, GREY), names, strict=False))
    return found

"""Read-side composition above the domain apps, by subject: periods (year, semester, quarter),
capacity (the capacity report's figures, charts, workbook and PDF context), camat (the camat
dashboard's headlines), profiles (the person profile), village (the village profile) and facilitated
("Desa dampingan saya" of a pendamping). The kabupaten roll-up, which reads many forums at once,
is reports/rollup.py.

This is the top floor: it may read every app (members, obligations, competency, trainings,
mentoring); no app reads it. The names are re-exported here for callers outside the package
(``from reports import selectors``)."""

from .camat import YearTrend, camat_headlines, camat_trend_charts, camat_trends
from .capacity import (
    GRADES,
    CapacityFigures,
    CapacityRow,
    EventHeld,
    camat_signatory,
    capacity_charts,
    capacity_document_context,
    capacity_figures,
    capacity_page_figures,
    capacity_report_row,
    capacity_xlsx,
)
from .dashboard import board_charts, grade_counts, on_time_chart, yearly_on_time
from .facilitated import (
    FacilitatedVillage,
    facilitated_status,
    facilitated_summary,
    facilitated_table,
    facilitated_villages,
)
from .files import report_file_for, report_file_latest
from .periods import ROMAN, Period, current_period, parse_period, period_choices
from .profiles import Profile, person_profile, profile_chart, short_code
from .village import (
    VillageProfile,
    village_charts,
    village_document_context,
    village_page_data,
    village_profile,
)

__all__ = [
    "GRADES", "ROMAN", "CapacityFigures", "CapacityRow", "EventHeld", "FacilitatedVillage", "Period",
    "Profile", "facilitated_status", "facilitated_summary", "facilitated_table", "facilitated_villages",
    "camat_headlines", "camat_signatory", "capacity_charts", "capacity_document_context", "capacity_figures", "capacity_page_figures",
    "capacity_report_row", "capacity_xlsx", "current_period", "parse_period", "period_choices", "person_profile",
    "VillageProfile", "village_charts", "village_document_context", "village_page_data", "village_profile",
    "board_charts", "grade_counts", "on_time_chart", "profile_chart", "short_code", "yearly_on_time",
    "YearTrend", "camat_trend_charts", "camat_trends", "report_file_for", "report_file_latest",
]

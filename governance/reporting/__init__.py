"""Termly dashboards and scrutiny reports.

The figures are built once, as a snapshot (governance.reporting.snapshot): a plain JSON-safe dict,
so that a report made from it never changes afterwards, and so that the dashboard page, the report's
HTML and its PDF all draw the same figures in the same way. The shape (every key is always present,
but for a chart's "shown" in reports made before decision 0022):

    {
      "schema": 1,
      "as_at": "2026-11-30T09:00:00+00:00",          # when the figures were taken
      "partnership": {"name": ..., "short_name": ..., "slug": ...},
      "period": {"kind": "termly" | "annual", "key": "2026-autumn" | "2026",
                 "label": "Autumn term 2026", "starts_on": "2026-09-01", "ends_on": "2026-12-31",
                 "previous_label": "Summer term 2026"},
      "audience": "board" | "la",                     # board: aggregates only, consented data,
                                                      # cells on fewer than SMALL_CELL_MIN_SCHOOLS
                                                      # schools suppressed; la: everything
      "school_count": 334,
      "sections": [
        {
          "key": "inspections",                       # stable, used for anchors and tests
          "title": "Inspection outcomes",
          "summary": "Of 320 schools inspected, 88% were good or outstanding, up 2 points on last term.",
          "tables": [
            {"caption": "...", "headers": ["Outcome", "Schools", "Change since last term"],
             "rows": [["Outstanding", "40", "+1"], ...],   # cells are display strings
             "numeric_columns": [1, 2]}
          ],
          "chart": {"title": "...", "labels": ["Outstanding", ...], "values": [40, ...],
                    "unit": "schools" | "%",
                    "shown": ["40", ...]} or None         # drawn as an accessible SVG bar chart;
                                                      # "shown" is each bar's figure as the tables
                                                      # write it
        },
        ...
      ],
      "case_studies": [{"title": "A primary school", "summary": "..."}],
      "sources": [{"name": "Get Information About Schools", "detail": "...", "licence": "Open Government Licence v3.0"}]
    }

A section, its tables and its chart are the types of partnership.figures, and every percentage in
them is written by its one rule (decision 0022).
"""

from odoo import models


class RenovationWeeklyProgress(models.Model):
    """The week's report to the client also lists the inspections the site
    passed that week (the node, the inspection and its result)."""

    _inherit = "renovation.weekly.progress"

    def _renovation_sections(self):
        sections = super()._renovation_sections()
        start, end = self._renovation_week_bounds()
        Inspection = self.env["renovation.quality.inspection"]
        # sudo: the inspections of the client's own project, summarized for them
        inspections = Inspection.sudo().search(
            [
                ("project_id", "=", self.project_id.id),
                ("state", "=", "done"),
                ("result", "in", ("pass", "rectified")),
                ("done_on", ">=", start),
                ("done_on", "<", end),
            ],
            order="done_on, id",
        )
        nodes = dict(Inspection._fields["node"]._description_selection(self.env))
        results = dict(Inspection._fields["result"]._description_selection(self.env))
        rows = [
            f"{nodes.get(inspection.node)}: {inspection.name} ({results.get(inspection.result)})"
            for inspection in inspections
        ]
        # after the nodes under way, before what comes next
        position = next(
            (index for index, (key, _title, _rows) in enumerate(sections) if key == "next"),
            len(sections),
        )
        sections.insert(position, ("inspections", self.env._("Inspections passed"), rows))
        return sections

import base64

from odoo import fields

from odoo.addons.renovation_quality.models.renovation_quality_inspection import COVERING_NODES
from odoo.addons.renovation_service.tests.common import (
    SIGNATURE,
    RenovationCase,
    chinese_env as service_chinese_env,
)

PNG = base64.b64decode(SIGNATURE)
# the first bytes of an MP4 file: enough for an attachment typed video/mp4
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def chinese_env(env):
    """``env`` in zh_CN with the addon's translations loaded: the standard's
    Chinese wording is the zh_CN translation of its English texts."""
    return service_chinese_env(env, ("renovation_quality",))


class QualityCase(RenovationCase):
    """A signed renovation contract and helpers to inspect its project."""

    gates_of_addons = ("renovation_service", "renovation_quality")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standard = cls.env.ref("renovation_quality.standard_home_decoration")
        cls.order, cls.project = cls._signed_contract()
        cls.Inspection = cls.env["renovation.quality.inspection"]
        cls.Rectification = cls.env["renovation.quality.rectification"]
        cls.today = fields.Date.context_today(cls.env["res.users"])

    @classmethod
    def _clause(cls, code, standard=None):
        return (standard or cls.standard).clause_ids.filtered(lambda c: c.code == code)

    @classmethod
    def _inspection(cls, node, project=None, user=None, **values):
        """A new inspection created by ``user`` (the project's inspector). The
        covering works (tiling, carpentry) come after the hidden works are
        accepted: those are inspected and signed first when needed."""
        if node in COVERING_NODES and not values.get("is_spot_check"):
            cls._hidden_works_accepted(project or cls.project)
        user = user or cls.inspector
        inspection = cls.Inspection.with_user(user).create(
            {"project_id": (project or cls.project).id, "node": node, **values}
        )
        return inspection.with_user(cls.env.user)

    @staticmethod
    def _passing_value(clause):
        low, high = clause._tolerance_bounds()
        return low if low is not None else high

    @classmethod
    def _fill(cls, inspection, user=None, **by_code):
        """Record a result on every check: pass (or a value within tolerance)
        unless ``by_code`` gives one; keys use _ for dots (e.g. c4_0_2=2.5,
        c2_0_3="fail")."""
        wanted = {key[1:].replace("_", "."): value for key, value in by_code.items()}
        for line in inspection.with_user(user or inspection.inspector_id).line_ids:
            value = wanted.get(line.code)
            if line.check_kind == "measured":
                if value == "na":
                    line.write({"result": "na"})
                else:
                    measured = cls._passing_value(line.clause_id) if value is None else value
                    line.write({"measured_value": measured})
            else:
                line.write({"result": value or "pass"})
        return inspection

    @classmethod
    def _attach_media(cls, inspection, photos=None, videos=None, user=None):
        """Attach the photos/videos the node needs (or the given numbers)."""
        checklist = inspection.checklist_id
        photos = checklist.min_photo_count if photos is None else photos
        videos = int(checklist.video_required) if videos is None else videos
        attachments = cls.env["ir.attachment"].with_user(user or inspection.inspector_id)
        values = [
            {"name": f"photo{i}.png", "raw": PNG, "mimetype": "image/png"} for i in range(photos)
        ] + [{"name": f"video{i}.mp4", "raw": MP4, "mimetype": "video/mp4"} for i in range(videos)]
        for vals in values:
            attachments.create({**vals, "res_model": inspection._name, "res_id": inspection.id})
        return inspection

    @classmethod
    def _water_test(cls, inspection, hours=24, passed=True):
        start = fields.Datetime.to_datetime("2025-06-01 08:00:00")
        test = (
            cls.env["renovation.quality.water.test"]
            .with_user(cls.foreman)
            .create(
                {
                    "project_id": inspection.project_id.id,
                    "inspection_id": inspection.id,
                    "area": "主卫",
                    "start_datetime": start,
                    "end_datetime": fields.Datetime.add(start, hours=hours),
                }
            )
        )
        if passed:
            test.action_pass()
        return test.with_user(cls.env.user)

    @classmethod
    def _complete(cls, inspection, user=None):
        inspection.with_user(user or inspection.inspector_id).action_complete()
        return inspection

    @classmethod
    def _completed(cls, node, project=None, **by_code):
        """An inspection of ``node`` filled in (all pass unless told), with its
        media (and water test), completed by the inspector."""
        inspection = cls._inspection(node, project=project)
        if inspection.checklist_id.requires_water_test:
            cls._water_test(inspection)
        cls._fill(inspection, **by_code)
        cls._attach_media(inspection)
        return cls._complete(inspection)

    @classmethod
    def _hidden_works_accepted(cls, project):
        """The hold point passed: hidden works accepted, their form signed."""
        if project.sudo()._quality_hidden_works_accepted():
            return
        inspection = cls._completed("hidden_works", project=project)
        cls._sign_all(inspection.form_id)

    @classmethod
    def _move(cls, project, stage_name, user=None):
        project.with_user(user or cls.pm).write({"stage_id": cls.stage[stage_name].id})

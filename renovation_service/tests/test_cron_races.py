from datetime import date, timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import CronRaceMixin

# a week no other test touches
RACE_WEEK = date(2099, 1, 5)


@tagged("post_install", "-at_install")
class TestCronRaces(CronRaceMixin, TransactionCase):
    """The renovation crons run by two workers at once on committed data (a
    manual run beside the scheduled one, two cron threads): no error, no
    duplicate, nothing lost."""

    @staticmethod
    def _project(env, **values):
        return env["project.project"].create(
            {
                "name": "并发测试工地",
                "is_renovation": True,
                "company_id": env.company.id,
                "privacy_visibility": "followers",
            }
            | values
        )

    def test_claims_race(self):
        """The one mechanism every cron uses: of two workers claiming the same
        work, exactly one gets each unit."""

        def setup(env):
            return self._project(env).ids + self._project(env).ids

        def work(env, project_ids):
            projects = env["project.project"].browse(project_ids)
            return env["renovation.cron.claim"]._claim("race", projects, "2099-W01").ids

        first, second = self._race(work, setup, tables=("renovation_cron_claim", "project_project"))
        self.assertEqual(len(first), 2)
        self.assertEqual(second, [], "the second worker claims nothing, without failing")

    def test_weekly_followup_race(self):
        def setup(env):
            return self._project(env).ids

        def work(env, project_ids):
            calls = env["renovation.followup.call"]._create_for_week(
                env["project.project"].browse(project_ids), RACE_WEEK
            )
            return len(calls)

        results = self._race(work, setup, tables=("renovation_followup_call", "project_project"))
        self.assertEqual(sorted(results), [0, 1])
        calls = self._committed(
            lambda env: env["renovation.followup.call"].search_count(
                [("week_start", "=", RACE_WEEK)]
            )
        )
        self.assertEqual(calls, 1, "one call, not two")

    def test_visitable_review_race(self):
        admin = self.env.ref("base.user_admin")

        def setup(env):
            return self._project(
                env,
                user_id=admin.id,
                statistician_id=admin.id,
                stage_id=env.ref("renovation_service.stage_construction_2").id,
                midterm_settlement_date=fields.Date.today() - timedelta(days=10),
            ).ids

        def work(env, project_ids):
            env["project.project"].browse(project_ids)._renovation_schedule_visitable_review(
                RACE_WEEK
            )
            return True

        self._race(work, setup, tables=("renovation_cron_claim", "project_project"))
        reviews = self._committed(
            lambda env: env["mail.activity"].search_count(
                [
                    ("res_model", "=", "project.project"),
                    ("summary", "like", "并发测试工地"),
                    (
                        "activity_type_id",
                        "=",
                        env.ref("renovation_service.mail_activity_type_visitable_review").id,
                    ),
                ]
            )
        )
        self.assertEqual(reviews, 1)

    def test_signed_pdf_race(self):
        """Two workers render the PDFs of forms signed and not yet rendered:
        each form gets one PDF."""
        form_type = self.env.ref("renovation_service.form_type_stage_acceptance")

        def setup(env):
            project = self._project(env)
            form = env["renovation.form"].create(
                {"form_type_id": form_type.id, "project_id": project.id}
            )
            # as if every signature were in: the state the cron looks for
            form.write(
                {
                    "state": "signed",
                    "signed_on": fields.Datetime.now(),
                    "verification_code": "R" * 32,
                }
            )
            return form.ids

        def work(env, form_ids):
            env["renovation.form"]._cron_render_signed_pdfs()
            return env["renovation.form.pdf"].search([("form_id", "in", form_ids)]).ids

        self._race(
            work,
            setup,
            tables=(
                "renovation_cron_claim",
                "renovation_form_event",
                "renovation_form_pdf",
                "ir_attachment",
                "renovation_form",
                "project_project",
            ),
            restore=(("renovation_form", "pdf_attachment_id"), ("renovation_form", "pdf_sha256")),
        )
        pdfs = self._committed(
            lambda env: env["renovation.form.pdf"].search_count(
                [("verification_code", "=", "R" * 32)]
            )
        )
        self.assertEqual(pdfs, 1, "one PDF, rendered once")

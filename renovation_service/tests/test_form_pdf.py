import io
import unicodedata

from PyPDF2 import PdfReader

from odoo import Command
from odoo.tests import tagged

from .common import RenovationHttpCase


@tagged("post_install", "-at_install")
class TestFormPdf(RenovationHttpCase):
    """The signed PDF, rendered by wkhtmltopdf as in production, is the
    company's Chinese form: its text is Chinese and set in the Simplified
    Chinese face (without it fontconfig picks the Japanese face of Noto CJK,
    whose glyphs differ for Chinese, or no CJK face at all: empty boxes)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["renovation_service"], ["zh_CN"], overwrite=True
        )
        cls.company.write({"name": "上海美家装饰工程有限公司", "phone": "021-5888 6666"})
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.client.write({"lang": "zh_CN", "tz": False})
        cls.order, cls.project = cls._signed_contract()

    @staticmethod
    def _pdf_text_and_fonts(pdf):
        reader = PdfReader(io.BytesIO(pdf))
        # the PDF maps some glyphs to their Kangxi radicals (⼯ for 工): NFKC folds them
        text = unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in reader.pages))
        text = " ".join(text.split())
        fonts = set()
        for page in reader.pages:
            for font in page["/Resources"].get("/Font", {}).values():
                fonts.add(str(font.get_object()["/BaseFont"]))
        return text, fonts

    def test_signed_pdf_prints_chinese_in_the_simplified_chinese_face(self):
        form = self.env["renovation.form"]._create_from_source(
            self.project,
            "material_inspection",
            self.project,
            values={
                "line_ids": [
                    Command.create(
                        {
                            "name": "防水涂料",
                            "brand_model": "东方雨虹",
                            "quantity": 12,
                            "uom": "桶",
                            "supplied_by": "company",
                            "certificate": "合格证编号 2026-118",
                            "result": "pass",
                        }
                    )
                ]
            },
        )
        form.action_request_signatures()
        self._sign_all(form)
        self._render_pdfs(form)
        self.assertTrue(form.pdf_attachment_id, "the PDF cron rendered the signed form")
        pdf = form.pdf_attachment_id.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        text, fonts = self._pdf_text_and_fonts(pdf)
        for chinese in (
            "上海美家装饰工程有限公司",  # letterhead
            "进场材料检验单",  # the form's name
            "品牌型号",  # a column of the paper form
            "检验结论",  # a labelled field
            "东方雨虹",
            "合格证编号 2026-118",
            "王建国",
        ):
            with self.subTest(text=chinese):
                self.assertIn(chinese, text)
        self.assertIn("(Asia/Shanghai)", text, "signature times carry their time zone")
        self.assertTrue(
            any("NotoSansCJKsc" in font for font in fonts),
            f"the Simplified Chinese face is embedded, not {sorted(fonts)}",
        )

/** @odoo-module **/

import { registry } from "@web/core/registry";
import { drawSignatureSteps, tapTouchTarget } from "@renovation_service/../tests/tours/utils/signature_steps";

// The foreman (赵磊, demo_foreman) on his phone: the forms waiting for his
// signature (我的待签字表单), a card each with a big 签字 button; he signs
// 王建国's change order in one dialog, and it leaves his list.
// Demo data, in zh_CN, 390 px wide with touch (TestForemanPhoneTour).
// a row of the list (or a card, on a phone)
const row = (text) => `.o_data_row:contains(${text}), .o_kanban_record:contains(${text})`;
// the view once the change order has left it
const GONE =
    ".o_action:not(:has(.o_data_row:contains(工程变更单))):not(:has(.o_kanban_record:contains(工程变更单)))";

registry.category("web_tour.tours").add("renovation_e2e_role_foreman_phone", {
    steps: () => [
        {
            content: "the list of the forms waiting for him (我的待签字表单)",
            trigger: ".o_breadcrumb:contains(我的待签字表单)",
        },
        {
            content: "王建国's change order is in it",
            trigger: row("工程变更单"),
        },
        {
            content: "with the materials inspection sheet",
            trigger: row("进场材料检验单"),
        },
        {
            content: "his card of the change order has a 签字 button big enough for a thumb",
            trigger:
                ".o_renovation_form_to_sign_kanban .o_kanban_record:contains(工程变更单) .o_renovation_sign_button:contains(签字)",
            run: tapTouchTarget("the 签字 button"),
        },
        {
            content: "one dialog: the form and his role are named",
            trigger: ".modal .o_field_widget[name=role_id]:contains(工长)",
        },
        {
            content: "the form signed is the change order",
            trigger: ".modal .o_field_widget[name=form_id]:contains(A26120201)",
        },
        {
            content: "the signature pad in the same dialog, his name prefilled",
            trigger: ".modal .o_renovation_inline_signature .o_web_sign_name_input:value(赵磊)",
        },
        ...drawSignatureSteps(".modal"),
        {
            content: "sign (签字)",
            trigger: ".modal .o_renovation_sign_confirm:contains(签字)",
            run: "click",
        },
        {
            content: "the dialog closes; the change order has left his list, the other forms are still there",
            trigger: `body:not(:has(.modal)) ${GONE} .o_kanban_record:contains(进场材料检验单)`,
        },
    ],
});

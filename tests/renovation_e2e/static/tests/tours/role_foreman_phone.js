/** @odoo-module **/

import { registry } from "@web/core/registry";

// The foreman (赵磊, demo_foreman) on his phone: the forms waiting for his
// signature (我的待签字表单); he opens 王建国's change order, signs it, and
// it leaves his list.
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
            content: "open the change order",
            trigger: `.o_data_row:contains(工程变更单) td[name='form_type_id'], .o_kanban_record:contains(工程变更单)`,
            run: "click",
        },
        {
            content: "the change order waits for his signature",
            trigger: ".o_form_view .alert-warning:contains(等待签字):contains(赵磊)",
        },
        {
            // a phone shows the form's buttons in the ⚙ menu of the control panel
            content: "open the form's actions",
            trigger: ".o_control_panel .o_cp_action_menus button",
            run: "click",
        },
        {
            content: "sign (签字)",
            trigger: "button[name='action_open_sign_wizard']:contains(签字)",
            run: "click",
        },
        {
            content: "the signature is asked for his role, his name prefilled",
            trigger: ".modal div[name='signed_name'] input:value(赵磊)",
        },
        {
            content: "open the signature pad",
            trigger: ".modal div[name='signature'] .o_signature",
            run: "click",
        },
        {
            // picking a style draws the name now (the automatic drawing waits
            // for the fonts, so a quick tap could adopt an empty signature)
            content: "pick a signature style",
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            content: "the second style",
            trigger: ".o-dropdown-item:eq(1)",
            run: "click",
        },
        {
            content: "adopt the signature",
            trigger: ".modal:has(.o_web_sign_name_and_signature) .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            content: "the signature is on the sheet",
            trigger: ".modal div[name='signature'] img.o_signature",
        },
        {
            content: "sign the form",
            trigger: ".modal button[name='action_sign']",
            run: "click",
        },
        {
            content: "his signature is recorded: nothing more for him to sign",
            trigger: ".o_form_view .alert-warning:contains(等待签字):not(:contains(赵磊))",
        },
        {
            content: "back to his list",
            trigger: ".o_back_button, .o_breadcrumb .breadcrumb-item a:contains(我的待签字表单)",
            run: "click",
        },
        {
            content: "the change order has left it, the other forms are still there",
            trigger: `${GONE} .o_data_row:contains(进场材料检验单), ${GONE} .o_kanban_record:contains(进场材料检验单)`,
        },
    ],
});

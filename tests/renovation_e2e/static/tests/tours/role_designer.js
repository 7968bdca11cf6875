/** @odoo-module **/

import { registry } from "@web/core/registry";

// The designer (王芳, demo_designer_a) reads 李秀英's contract, its payment
// plan, the renovation project in detailed design and its forms: the
// 设计一次交底单 waits for her signature.
// Demo data, in zh_CN (TestRoleTours.test_designer_tour).
registry.category("web_tour.tours").add("renovation_e2e_role_designer", {
    steps: () => [
        {
            content: "open 李秀英's contract",
            trigger: ".o_data_row:contains(李秀英) td[name='partner_id']",
            run: "click",
        },
        {
            content: "the contract form",
            trigger: ".o_form_view div[name='partner_id']:contains(李秀英)",
        },
        {
            content: "open the renovation contract page (施工合同)",
            trigger: ".o_notebook a[name='renovation_contract']:contains(施工合同)",
            run: "click",
        },
        {
            content: "the payment plan starts with the first instalment (首期款)",
            trigger: "div[name='payment_plan_line_ids'] .o_data_row td[name='instalment_type']:contains(首期款)",
        },
        {
            content: "then the mid-term and the final instalments",
            trigger: "div[name='payment_plan_line_ids'] .o_data_row td[name='instalment_type']:contains(尾款)",
        },
        {
            content: "open the renovation project (装修项目)",
            trigger: "button[name='action_view_renovation_project']:contains(装修项目)",
            run: "click",
        },
        {
            content: "the project is in detailed design (深化设计)",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(深化设计)",
        },
        {
            content: "open the project's forms (表单)",
            trigger: "button[name='action_view_forms']:contains(表单)",
            run: "click",
        },
        {
            content: "the 设计一次交底单 waits for the designer",
            trigger: ".o_data_row:contains(设计一次交底单) td[name='missing_signers']:contains(王芳)",
        },
        {
            content: "open it",
            trigger: ".o_data_row:contains(设计一次交底单) td[name='form_type_id']",
            run: "click",
        },
        {
            content: "the form says whose signatures it waits for",
            trigger: ".o_form_view .alert-warning:contains(等待签字):contains(王芳)",
        },
        {
            content: "and offers her to sign it",
            trigger: ".o_form_view button[name='action_open_sign_wizard']:contains(签字)",
        },
    ],
});

/** @odoo-module **/

import { registry } from "@web/core/registry";

const { DateTime } = luxon;

// The client advisor (studio assistant 黄婷, demo_assistant_a) registers a
// walk-in client with the site address and books the site measurement.
// Demo data, in zh_CN (TestRoleTours.test_client_advisor_tour).
registry.category("web_tour.tours").add("renovation_e2e_role_client_advisor", {
    steps: () => [
        {
            content: "the enquiries board shows the demo's clients",
            trigger: ".o_kanban_record:contains(王建国)",
        },
        {
            content: "switch to the list to register a new enquiry",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "the list of enquiries",
            trigger: ".o_data_row:contains(刘德明)",
        },
        {
            content: "new enquiry",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "what the client wants",
            trigger: "div[name='name'] textarea",
            run: "edit 赵小明 – 仙霞路两室翻新",
        },
        {
            content: "the new client",
            trigger: "div[name='partner_id'] input",
            run: "edit 赵小明",
        },
        {
            content: "create the client",
            trigger: ".o_m2o_dropdown_option_create:contains(赵小明)",
            run: "click",
        },
        {
            content: "the client is set",
            trigger: "div[name='partner_id'] input:value(赵小明)",
        },
        {
            content: "open the needs questionnaire (客户需求确认表)",
            trigger: ".o_notebook a[name='renovation_needs']:contains(客户需求确认表)",
            run: "click",
        },
        {
            content: "the site address",
            trigger: "div[name='site_address'] input",
            run: "edit 上海市长宁区仙霞路99号1203室",
        },
        {
            content: "the client paid the measurement deposit",
            trigger: "div[name='deposit_paid'] input",
            run: "check",
        },
        {
            content: "save the enquiry",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "the enquiry is saved",
            trigger: ".o_form_saved",
        },
        {
            content: "book the site measurement (上门量房)",
            trigger: "button[name='action_new_site_measurement']:contains(上门量房)",
            run: "click",
        },
        {
            content: "the measurement is for the new client",
            trigger: "div[name='partner_id']:contains(赵小明)",
        },
        {
            content: "at the address of the enquiry",
            trigger: "div[name='site_address'] input:value(上海市长宁区仙霞路99号1203室)",
        },
        {
            content: "the appointment",
            trigger: "div[name='scheduled_at'] input",
            run: `edit ${DateTime.now().plus({ days: 3 }).toFormat("yyyy-MM-dd")} 10:00:00`,
        },
        {
            content: "schedule it",
            trigger: "button[name='action_schedule']",
            run: "click",
        },
        {
            content: "the measurement is scheduled (已预约)",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(已预约)",
        },
        {
            content: "with its appointment in the calendar",
            trigger: "div[name='calendar_event_id'] a, div[name='calendar_event_id']:contains(赵小明)",
        },
    ],
});

/** @odoo-module **/

import { Component, useState } from "@odoo/owl";
import { NameAndSignature } from "@web/core/signature/name_and_signature";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * Odoo's signature pad drawn in the form itself (Odoo's `signature` field opens
 * a second dialog): the signer's dialog holds the form, the role, the name and
 * the signature, and one button signs. The name typed is the signer's name
 * (`full_name` option), the pad draws it in a signature style until the
 * signer draws or loads their own.
 */
export class RenovationInlineSignatureField extends Component {
    static template = "renovation_service.RenovationInlineSignatureField";
    static components = { NameAndSignature };
    static props = {
        ...standardFieldProps,
        fullName: { type: String, optional: true },
    };

    setup() {
        const { record, fullName } = this.props;
        this.signature = useState({
            name: (fullName && record.data[fullName]) || "",
            isSignatureEmpty: true,
        });
    }

    /** The name typed is the signer's name, whatever the signing mode. */
    onInput(ev) {
        const { fullName, record } = this.props;
        if (fullName && ev.target.name === "signer") {
            record.update({ [fullName]: ev.target.value });
        }
    }

    onSignatureChange() {
        const { fullName, name, record } = this.props;
        const image = this.signature.isSignatureEmpty
            ? false
            : this.signature.getSignatureImage().split(",")[1] || false;
        const changes = { [name]: image };
        if (fullName) {
            changes[fullName] = this.signature.name;
        }
        record.update(changes);
    }
}

export const renovationInlineSignatureField = {
    component: RenovationInlineSignatureField,
    supportedTypes: ["binary"],
    extractProps: ({ options }) => ({ fullName: options.full_name }),
};

registry.category("fields").add("renovation_inline_signature", renovationInlineSignatureField);

from odoo import _, api, models
from odoo.exceptions import UserError


class RenovationGuardedMixin(models.AbstractModel):
    """Fields that only the model's action methods change.

    The integrity model of the suite (README, Security): a signature, a form's
    state, a test result, a gate date, an instalment's invoice... is changed by
    an action method that checks *who* may act and *when*, then writes with
    ``sudo()``. The superuser environment is the only credential this guard
    accepts: nothing a JSON-RPC caller controls yields it (``call_kw`` never
    runs as superuser, an administrator included; context keys and field
    values are the caller's to choose). A model lists its guarded fields in
    ``_renovation_guarded_fields``; fields frozen only in some states are
    returned by ``_renovation_frozen_fields``.

    Creating a record may not set a guarded field either (its default is kept,
    and a ``default_<field>`` context key is ignored for it), nor may ``copy``.
    """

    _name = "renovation.guarded.mixin"
    _description = "Fields Changed Only by Actions"

    # fields only the model's action methods write (as superuser)
    _renovation_guarded_fields = ()

    def _renovation_frozen_fields(self):
        """The fields of ``self`` that no direct write may change now: the
        guarded fields, plus those a model freezes in some states."""
        return set(self._renovation_guarded_fields)

    def _renovation_guard_error(self, field_names):
        labels = sorted(
            self._fields[name].get_description(self.env)["string"] for name in field_names
        )
        return UserError(
            _(
                "%(fields)s of %(record)s cannot be edited directly: they change only "
                "through the record's actions, which check who may act and when.",
                fields=", ".join(labels),
                record=", ".join(self.mapped("display_name")) or self._description,
            )
        )

    def _renovation_guarded_default(self, name):
        field = self._fields[name]
        value = field.default(self) if field.default else False
        return value.id if isinstance(value, models.BaseModel) else value

    @api.model_create_multi
    def create(self, vals_list):
        model = self
        if not self.env.su:
            guarded = set(self._renovation_guarded_fields)
            for vals in vals_list:
                forced = {
                    name
                    for name in guarded & set(vals)
                    if vals[name] and vals[name] != self._renovation_guarded_default(name)
                }
                if forced:
                    raise self.browse()._renovation_guard_error(forced)
            # a default_<field> context key must not set a guarded field either
            context_defaults = {f"default_{name}" for name in guarded}
            if context_defaults & set(self.env.context):
                # the same context without those keys (not a context set to None)
                model = self.with_env(
                    self.env(
                        context={
                            k: v for k, v in self.env.context.items() if k not in context_defaults
                        }
                    )
                )
        return super(RenovationGuardedMixin, model).create(vals_list)

    def write(self, vals):
        if not self.env.su:
            frozen = set(vals) & self._renovation_frozen_fields()
            if frozen:
                raise self._renovation_guard_error(frozen)
        return super().write(vals)

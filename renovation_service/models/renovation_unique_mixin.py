from odoo import api, models
from odoo.exceptions import ValidationError


class RenovationUniqueMixin(models.AbstractModel):
    """UNIQUE constraints a user can hit, checked before the database does.

    The database constraint stays (it settles races), but a user creating or
    editing a record that duplicates a key gets the constraint's message as a
    ValidationError, with nothing written, rather than a failed SQL statement.
    A model lists its keys in ``_renovation_unique_keys`` as
    ``((field, ...), message)``; a key with an empty value is not checked
    (SQL lets NULLs repeat).
    """

    _name = "renovation.unique.mixin"
    _description = "Unique Keys Checked Before Saving"

    _renovation_unique_keys = ()

    def _renovation_check_unique(self, rows):
        """``rows``: [(record or None, {field: value})] about to be saved."""
        # sudo + inactive records: a duplicate the user cannot see still collides
        model = self.sudo().with_context(active_test=False)
        for key, message in self._renovation_unique_keys:
            seen = set()
            for record, values in rows:
                key_values = tuple(values.get(name) for name in key)
                if any(value in (None, False, "") for value in key_values):
                    continue
                domain = [(name, "=", value) for name, value in zip(key, key_values, strict=True)]
                if record:
                    domain.append(("id", "!=", record.id))
                if key_values in seen or model.search_count(domain, limit=1):
                    raise ValidationError(self.env._(message))
                seen.add(key_values)

    @staticmethod
    def _renovation_key_value(value):
        return value.id if isinstance(value, models.BaseModel) else value

    @api.model_create_multi
    def create(self, vals_list):
        if self._renovation_unique_keys:
            names = {name for key, _message in self._renovation_unique_keys for name in key}
            rows = []
            for vals in vals_list:
                missing = [name for name in names if name not in vals]
                values = {**self.default_get(missing), **vals} if missing else dict(vals)
                rows.append((None, values))
            self._renovation_check_unique(rows)
        return super().create(vals_list)

    def write(self, vals):
        names = {name for key, _message in self._renovation_unique_keys for name in key}
        if names & set(vals):
            self._renovation_check_unique(
                [
                    (
                        record,
                        {
                            name: vals[name]
                            if name in vals
                            else self._renovation_key_value(record[name])
                            for name in names
                        },
                    )
                    for record in self
                ]
            )
        return super().write(vals)

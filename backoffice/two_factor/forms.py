from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """One code: six digits from the authenticator app, or (when ``recovery`` is allowed) a
    recovery code."""

    code = forms.CharField(max_length=32, strip=True)

    def __init__(self, *args, recovery: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.widget.attrs.update(
            {"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        )
        if recovery:
            field.label = _("Code from your authenticator app, or a recovery code")
            field.widget.attrs["autocapitalize"] = "none"
        else:
            field.label = _("Code from your authenticator app")
            field.widget.attrs["inputmode"] = "numeric"

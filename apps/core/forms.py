"""Forms shared across apps."""

import datetime as dt

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AsOfForm(forms.Form):
    """The `?as_of=YYYY-MM-DD` of pages that can show the past."""

    as_of = forms.DateField(
        label=_("Show as of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        # A text box, not type="date": it can show back whatever was typed, even an impossible date.
        widget=forms.DateInput(
            attrs={"placeholder": "YYYY-MM-DD", "pattern": r"\d{4}-\d{2}-\d{2}", "inputmode": "numeric", "size": 11},
            format="%Y-%m-%d",
        ),
        error_messages={"invalid": _("Enter a real date as YYYY-MM-DD, for example 2022-06-01.")},
    )

    def clean_as_of(self) -> dt.date | None:
        day = self.cleaned_data["as_of"]
        if day and not dt.date(1900, 1, 1) <= day <= dt.date(2200, 12, 31):
            raise forms.ValidationError(_("Choose a date between 1900 and 2200."))
        return day


def as_of_from(request: HttpRequest) -> tuple[AsOfForm, dt.date | None]:
    """The bound form (errors included) and the valid date asked for, or None for today's view."""
    form = AsOfForm(request.GET if "as_of" in request.GET else None)
    if not form.is_bound:
        return form, None
    if form.is_valid():
        return form, form.cleaned_data["as_of"]
    form.fields["as_of"].widget.attrs.update({"aria-invalid": "true", "aria-describedby": "as-of-error"})
    return form, None

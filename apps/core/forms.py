"""Forms shared across apps."""

import datetime as dt

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from apps.core.travel import AsOfError, parse_as_of


class AsOfForm(forms.Form):
    """The `?as_of=` of pages that can show the past: a year, a year and month, or a day (see core.travel)."""

    as_of = forms.CharField(
        label=_("Show as of"),
        required=False,
        max_length=40,
        help_text=_("A year, a month or a day: 2022, 2022-06 or 2022-06-01. A year or a month means its first day."),
        # A text box, not type="date": it takes a year or a month too, and shows back whatever was typed,
        # even an impossible date. The template offers a date picker beside it.
        widget=forms.TextInput(
            attrs={
                "placeholder": "2022-06-01",
                "autocomplete": "off",
                "spellcheck": "false",
                "size": 11,
                "aria-describedby": "as-of-hint",
            }
        ),
    )

    def clean_as_of(self):
        value = self.cleaned_data["as_of"].strip()
        if not value:
            return None
        try:
            return parse_as_of(value)
        except AsOfError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


def as_of_from(request: HttpRequest) -> tuple[AsOfForm, dt.date | None]:
    """The bound form (errors included) and the valid day asked for, or None for today's view."""
    form = AsOfForm(request.GET if "as_of" in request.GET else None)
    if not form.is_bound:
        return form, None
    if form.is_valid():
        asked = form.cleaned_data["as_of"]
        return form, asked.day if asked else None
    form.fields["as_of"].widget.attrs.update({"aria-invalid": "true", "aria-describedby": "as-of-error as-of-hint"})
    return form, None

"""The filters of the meetings list, read from the query string so that filtered lists can be shared."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.meetings.models import Meeting


class MeetingFilterForm(forms.Form):
    body = forms.SlugField(label=_("Body"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2200,
        error_messages={"invalid": _("Enter a year such as 2022.")},
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("any")), *Meeting.Format.choices],
        error_messages={"invalid_choice": _("Choose in person, videoconference or hybrid.")},
    )

    def filter(self, queryset):
        """The meetings matching the valid filters; an invalid one is left out and reported on the form."""
        self.is_valid()
        chosen = self.cleaned_data
        if chosen.get("body"):
            queryset = queryset.filter(body__slug=chosen["body"])
        if chosen.get("year"):
            queryset = queryset.filter(start_lower__year=chosen["year"])
        if chosen.get("format"):
            queryset = queryset.filter(format=chosen["format"])
        return queryset

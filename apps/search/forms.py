"""The search form, read from the query string so that every search and filter is a shareable address."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.search.backends.base import positive_part
from apps.search.models import KIND_PLURALS

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Keep the search to %(limit_value)d characters or fewer (it has %(show_value)d)."),
            "null_characters_not_allowed": _("The search contains a character that cannot be searched for."),
        },
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH, "enterkeyhint": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Only"),
        required=False,
        choices=[("", _("everything")), *KIND_PLURALS.items()],
        error_messages={"invalid_choice": _("Choose one of the kinds of record listed.")},
    )

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if query and not re.search(r"\w", query):
            raise forms.ValidationError(_("Type at least one letter or digit: punctuation alone finds nothing."))
        # Words after a minus only leave records out: alone they would list nearly every record by its title, and
        # the index finds rows holding a word, not rows without one (every row read: 68 ms at 100,000 rows).
        if query and not re.search(r"\w", positive_part(query)):
            raise forms.ValidationError(
                _("Add a word to look for: words after a minus only leave out the records that contain them.")
            )
        return query

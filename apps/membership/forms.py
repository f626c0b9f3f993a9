"""The site's membership form (with a new person in the same form) and the admin's membership formset."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from apps.core.slugs import unique_slug
from apps.membership.models import Person, single_seats_checked_together
from apps.membership.services import memberships_save, single_seat_errors


class MembershipInlineFormSet(BaseInlineFormSet):
    """A change of holder in one submit: the old row ended and the new one added.

    Each row's own single-seat check would compare with the stored, not yet ended, old row; the rows are
    checked together instead, and written together, by the membership services.
    """

    def full_clean(self):
        with single_seats_checked_together():
            super().full_clean()

    def clean(self):
        super().clean()
        going = [form for form in self.forms if self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME)]
        kept = [form for form in self.forms if form not in going and (form.instance.pk or form.has_changed())]
        deleted = frozenset(form.instance.pk for form in going if form.instance.pk)
        valid = [form for form in kept if form.is_valid()]
        errors = single_seat_errors(memberships=[form.instance for form in valid], deleted=deleted)
        for index, message in errors.items():
            valid[index].add_error("start", ValidationError(message))

    def save(self, commit=True):
        memberships = super().save(commit=False)
        if commit:
            memberships_save(memberships=memberships, deleted=self.deleted_objects)
        return memberships


class MembershipForm(forms.ModelForm):
    """Base of the wiki's membership form: the holder is an existing person, or a new one named here and
    created with the membership (in the same revision), so that adding a holder never means two forms."""

    new_given_name = forms.CharField(label=_("or a new person: given name"), max_length=100, required=False)
    new_family_name = forms.CharField(label=_("new person: family name"), max_length=100, required=False)
    new_honorific_prefix = forms.CharField(
        label=_("new person: rank or honorific"),
        max_length=100,
        required=False,
        help_text=_("e.g. Colonel-General. Their page is made from the name; add a biography there later."),
    )

    NEW = ("new_given_name", "new_family_name", "new_honorific_prefix")

    def clean(self):
        cleaned = super().clean()
        given, family = cleaned.get("new_given_name", ""), cleaned.get("new_family_name", "")
        if not (given or family or cleaned.get("new_honorific_prefix")):
            return cleaned
        if cleaned.get("person"):
            self.add_error("new_given_name", _("Choose an existing person or name a new one, not both."))
        elif not (given and family):
            missing = "new_family_name" if given else "new_given_name"
            self.add_error(missing, _("A new person needs both a given name and a family name."))
        else:
            person = Person(given_name=given, family_name=family, honorific_prefix=cleaned["new_honorific_prefix"])
            person.slug = unique_slug(model=Person, text=person.name)
            try:
                person.full_clean()
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    self.add_error(f"new_{name}" if f"new_{name}" in self.fields else None, messages)
            else:
                cleaned["person"] = person  # the membership is checked with its new holder
        return cleaned

    def _get_validation_exclusions(self):
        # The new person has no id until saved: the database's "person or state" rule is checked at saving,
        # with the person created; Membership.clean() sees the person meanwhile.
        exclude = super()._get_validation_exclusions()
        if self.new_records():
            exclude.add("person")
        return exclude

    def new_records(self) -> dict[str, models.Model]:
        person = getattr(self, "cleaned_data", {}).get("person")
        return {"person_id": person} if person is not None and person.pk is None else {}

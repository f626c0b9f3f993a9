"""Admin inline formset for memberships: rows edited together are checked and written together."""

from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet

from apps.membership.models import single_seats_checked_together
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

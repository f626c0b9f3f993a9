"""Admin inline formset that checks single seats across all the rows edited together."""

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _


class MembershipInlineFormSet(BaseInlineFormSet):
    """Recording a change of holder ends the old row and adds the new one in one submit.

    Each row's own clean() would compare against the stored, not yet ended, old row; so the
    overlap check runs here instead, over the rows as submitted.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance._overlap_checked_by_formset = True
        return form

    def clean(self):
        super().clean()
        going = [form for form in self.forms if self.can_delete and self._should_delete_form(form)]
        kept = [form for form in self.forms if form not in going]
        rows = [form.instance for form in kept if form.instance.pk or form.has_changed()]
        deleted = frozenset(form.instance.pk for form in going if form.instance.pk)
        for form in kept:
            membership = form.instance
            if not (form.is_valid() and membership.post_id and membership.person_id and membership.post.single_seat):
                continue
            if other := membership.overlapping_holder(pending=rows, deleted=deleted):
                form.add_error(
                    "start",
                    ValidationError(
                        _("%(post)s is a single seat and %(other)s held it during this period (%(dates)s).")
                        % {"post": membership.post.label, "other": other.person, "dates": other.dates_display}
                    ),
                )

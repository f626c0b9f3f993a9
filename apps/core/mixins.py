"""View mixins shared by the apps' pages."""

import functools

from apps.core.forms import as_of_from


class AsOfMixin:
    """For pages that can show the past: reads ?as_of= into self.as_of (a date; None for today) and answers 400
    with the form's message beside the box when the date cannot be read. Puts `as_of` (the day) and
    `shows_past` in the context: the dated banner tells such pages from those that show only today's record."""

    def get(self, request, *args, **kwargs):
        self.as_of_form, self.as_of = as_of_from(request)
        response = super().get(request, *args, **kwargs)
        if self.as_of_form.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(as_of_form=self.as_of_form, as_of=self.as_of, shows_past=True, **kwargs)


class PagePartsMixin:
    """For record pages whose content is a {% page_part %} (apps/core/page_parts.py): what only the parts show
    is computed by get_part_data(), once, and only when a part is not in the cache."""

    def get_part_data(self) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(part_data=functools.cache(self.get_part_data), **kwargs)

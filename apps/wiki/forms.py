"""Edit forms for every kind of record, each with an edit summary and the revision it was made from."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import modelform_factory
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.core.markdown import MAX_TEXT_LENGTH
from apps.core.models import Citation, Source
from apps.core.slugs import unique_slug
from apps.core.translation import CANONICAL, TRANSLATED_LANGUAGES, column, translated_columns
from apps.wiki.models import Alias
from apps.wiki.registry import Kind, history_fields, kind_of


class EditMetaForm(forms.Form):
    summary = forms.CharField(
        label=_("Edit summary: what you changed"),
        max_length=300,
        help_text=_("Briefly, what you changed and why; shown in the history and recent changes."),
        error_messages={"required": _("Say in a few words what you changed.")},
    )
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _formfield(field: models.Field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")  # a URL typed without a scheme is read as https://
    if isinstance(field, models.TextField):
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
    if isinstance(field, models.ForeignKey):
        # Choice labels (str()) of posts, clauses, ... name their parent record: fetch it with them.
        target = field.related_model
        parents = [f.name for f in target._meta.concrete_fields if f.many_to_one and f.related_model is not target]
        kwargs.setdefault("queryset", target._default_manager.select_related(*parents))
    return field.formfield(**kwargs)


class RecordFormMixin:
    """What every record form does: a slug left empty is made from the name, a record's own short text is
    not called "summary" (the edit summary is), Markdown text areas are large."""

    text_fields: tuple[str, ...] = ()  # the kind's Markdown fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("The end of the page's address. Left empty, it is made from the name.")
        if "summary" in self.fields:
            self.fields["summary"].label = _("Short description")
            if "summary" not in self.text_fields:
                self.fields["summary"].help_text = _("One or two sentences shown under the title and in lists.")
        for name in self.text_fields:
            if name in self.fields:
                self.fields[name].widget.attrs.update(rows=18, cols=80)
        for name in getattr(self._meta.model, "translated_fields", ()):
            for language in TRANSLATED_LANGUAGES:
                twin = column(name, language)
                if twin in self.fields:
                    self.fields[twin].widget.attrs["lang"] = language
                    if name == "summary":
                        self.fields[twin].label = _("Short description (Russian)")

    def field_rows(self) -> list[list]:
        """The visible fields in rows: each translated field beside its twins, others alone."""
        model = self._meta.model
        translated = getattr(model, "translated_fields", ())
        twins = set(translated_columns(translated))
        rows = []
        for bound in self.visible_fields():
            if bound.name in twins:
                continue
            row = [bound]
            if bound.name in translated:
                row += [self[twin] for twin in translated_columns([bound.name]) if twin in self.fields]
            rows.append(row)
        return rows

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and not self.has_error("slug"):
            cleaned["slug"] = unique_slug(model=self._meta.model, text=self._name(cleaned), exclude_pk=self.instance.pk)
        return cleaned

    def _name(self, cleaned: dict) -> str:
        """The record's name from what was typed (its str(), e.g. a person's full name)."""
        model = self._meta.model
        plain = {f.name for f in model._meta.concrete_fields if not f.is_relation}
        try:
            with translation.override(CANONICAL):  # addresses are made from the English name
                return str(model(**{name: value for name, value in cleaned.items() if name in plain}))
        except (TypeError, ValueError, AttributeError):
            return str(cleaned.get(next(iter(self.fields)), ""))


def record_form_class(kind: Kind) -> type[forms.ModelForm]:
    """The kind's own form base (extra fields such as a body's place in the tree) with its editable fields."""
    base = type(f"{kind.model.__name__}RecordForm", (RecordFormMixin, kind.form), {"text_fields": kind.text_fields})
    return modelform_factory(kind.model, form=base, fields=kind.fields, formfield_callback=_formfield)


def values_from(form: forms.ModelForm) -> dict[str, Any]:
    """The submitted values of the record's recorded fields by attname (a foreign key as its id), as
    revisions record them; a form field named after a model field counts even if the form declares it."""
    model = type(form.instance)
    recorded = {model._meta.get_field(name) for name in history_fields(model)}
    values = {}
    for field in recorded:
        if field.name not in form.fields or field.name not in form.cleaned_data:
            continue
        value = form.cleaned_data[field.name]
        values[field.attname] = value.pk if isinstance(field, models.ForeignKey) and value is not None else value
    return values


def initial_from(form: forms.ModelForm, values: dict[str, Any]) -> dict[str, Any]:
    """Form initial data from values by attname."""
    fields = {f.name: f for f in type(form.instance)._meta.concrete_fields}
    return {
        name: values[fields[name].attname] for name in form.fields if name in fields and fields[name].attname in values
    }


def new_records_of(form: forms.Form) -> dict[str, models.Model]:
    """Records the form creates along with its own, by the attname that will refer to them (a membership
    form's new person: {"person_id": Person(...)}); forms that create none do not define `new_records`."""
    new_records = getattr(form, "new_records", None)
    return new_records() if new_records else {}


def field_choices(model: type[models.Model], names) -> list[tuple[str, str]]:
    """A record's fields a citation can support, by their labels; first, the whole record."""
    model_fields = {f.name: f for f in model._meta.concrete_fields}
    labels = {"summary": _("Short description")}  # as the edit form calls it
    choices = [("", _("The whole record"))]
    return choices + [
        (name, capfirst(str(labels.get(name, model_fields[name].verbose_name)))) for name in names if name != "slug"
    ]


class CitationEditForm(forms.ModelForm):
    """Base of the wiki's citation form: the field it supports is chosen among its record's fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        content_type = self.instance.content_type if self.instance.content_type_id else None
        model = content_type.model_class() if content_type else None
        kind = kind_of(model) if model else None
        names = kind.fields if kind else [f.name for f in model._meta.concrete_fields if f.editable] if model else []
        choices = field_choices(model, names) if model else [("", _("The whole record"))]
        self.fields["field"] = forms.ChoiceField(label=_("What it supports"), choices=choices, required=False)


class CiteForm(forms.ModelForm):
    """A citation of a record, or of one of its fields: an existing source, or a new one (NewSourceForm)."""

    class Meta:
        model = Citation
        fields = ("field", "source", "locator", "quote")
        labels = {"locator": _("Where in the source"), "quote": _("Quote")}
        help_texts = {
            "source": _("Type in the list to jump to a title, or search for one above."),
            "locator": _("Page, paragraph or clause, e.g. “paragraph 3”, “Article 11”."),
        }
        widgets = {"quote": forms.Textarea(attrs={"rows": 3, "maxlength": 300})}

    def __init__(self, *args, kind: Kind, sources, **kwargs):
        super().__init__(*args, **kwargs)
        choices = field_choices(kind.model, kind.fields)
        self.fields["field"] = forms.ChoiceField(label=_("What it supports"), choices=choices, required=False)
        self.fields["source"].required = False
        self.fields["source"].queryset = sources
        self.fields["source"].label = _("An existing source")
        self.fields["source"].empty_label = _("— a new source, described below —")


class NewSourceForm(forms.ModelForm):
    """A source described in the citation form, created with the citation."""

    class Meta:
        model = Source
        fields = ("title", "kind", "publisher", "url", "archive_url", "published", "accessed", "language")
        labels = {"publisher": _("Outlet or publisher")}
        formfield_callback = _formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required only when no existing source is chosen (SourceChoice says so then).
        self.fields["title"].required = self.fields["kind"].required = False
        self.fields["accessed"].widget = forms.DateInput(attrs={"type": "date"})
        self.fields["accessed"].help_text = _("When you read it at that URL, as YYYY-MM-DD.")

    def clean(self):
        cleaned = super().clean()
        cleaned["kind"] = cleaned.get("kind") or Source.Kind.NEWS
        return cleaned

    @property
    def described(self) -> bool:
        return any(self.data.get(self.add_prefix(name)) for name in ("title", "publisher", "url", "archive_url"))


class SourceChoice:
    """The citing part of a form: an existing source or a new one described there, where in it the fact
    stands, and a quote. Optional on a new record's form (nothing cited when left empty)."""

    def __init__(self, data=None, *, kind: Kind, sources, required: bool, prefix: str = "cite", initial=None):
        self.cite = CiteForm(data, kind=kind, sources=sources, prefix=prefix, initial=initial)
        self.new = NewSourceForm(data, prefix=f"{prefix}-new")
        self.required = required

    def is_valid(self, *, user) -> bool:
        valid = self.cite.is_valid() & self.new.is_valid()  # both checked, so that every error shows
        if not valid:
            return False
        source, title = self.cite.cleaned_data["source"], self.new.cleaned_data.get("title")
        if source and self.new.described:
            self.cite.add_error("source", _("Choose an existing source or describe a new one, not both."))
        elif not source and self.new.described and not title:
            self.new.add_error("title", _("A new source needs its title."))
        elif not source and not title and (self.required or self._details_given):
            self.new.add_error("title", _("Choose an existing source above, or give the new source's title."))
        elif not source and title and not user.has_perm("core.add_source"):
            self.new.add_error(None, _("You may cite existing sources but not add new ones."))
        return not (self.cite.errors or self.new.errors)

    @property
    def _details_given(self) -> bool:
        return any(self.cite.cleaned_data.get(name) for name in ("field", "locator", "quote"))

    @property
    def citation(self) -> Citation | None:
        """The citation to save (its record set by the caller), or None when nothing is cited."""
        data = self.cite.cleaned_data
        if not (data["source"] or self.new.cleaned_data.get("title")):
            return None
        return Citation(source=data["source"], field=data["field"], locator=data["locator"], quote=data["quote"])

    @property
    def new_source(self) -> Source | None:
        return None if self.cite.cleaned_data["source"] else self.new.instance

    def add_errors(self, error: ValidationError) -> None:
        errors_from(error, self.cite)


class AliasForm(forms.ModelForm):
    """Another name of a record."""

    class Meta:
        model = Alias
        fields = ("name", "note")


def errors_from(error: ValidationError, form: forms.Form) -> None:
    """A service's ValidationError shown in the form: next to the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)

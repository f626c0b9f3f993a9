"""What member states and people put in the search index."""

from apps.membership.models import MemberState, Person
from apps.search.indexing import Entry, plain
from apps.search.models import Kind


def state_entry(state: MemberState, aliases: list[str]) -> Entry:
    return Entry(
        kind=Kind.MEMBER_STATE,
        title=state.name,
        url=state.get_absolute_url(),
        names=[state.name, state.official_name, *aliases],
        summary=[state.summary],
        title_ru=state.name_ru,
        names_ru=[state.name_ru, state.official_name_ru],
        summary_ru=[state.summary_ru],
    )


def person_entry(person: Person, aliases: list[str]) -> Entry:
    full = " ".join(p for p in (person.given_name, person.patronymic, person.family_name) if p)
    return Entry(
        kind=Kind.PERSON,
        title=person.name,
        url=person.get_absolute_url(),
        names=[person.name, *([full] if full != person.name else []), *aliases],
        summary=[person.honorific_prefix, person.summary],
        text=[plain(person.biography)],
        title_ru=person.in_language("name", "ru"),
        names_ru=_russian_names(person),
        summary_ru=[person.summary_ru],
        text_ru=[plain(person.biography_ru)],
    )


def _russian_names(person: Person) -> list[str]:
    """The Russian forms of a person's name: "Валерий Герасимов", "Валерий Васильевич Герасимов" and the
    official order "Герасимов Валерий Васильевич"."""
    given, patronymic, family = person.given_name_ru, person.patronymic_ru, person.family_name_ru
    if not (given and family):
        return [family] if family else []
    names = [f"{given} {family}"]
    if patronymic:
        names += [f"{given} {patronymic} {family}", f"{family} {given} {patronymic}"]
    return names

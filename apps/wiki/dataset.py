"""Other names the dataset's records go by, each cited."""

from django.contrib.contenttypes.models import ContentType

from apps.bodies.models import Body
from apps.core.dataset import ARTICLE
from apps.core.models import Source
from apps.core.services import citation_add
from apps.wiki.models import Alias

BODY_ALIASES = [
    ("military-committee", "CSTO Military Council", "Name used for it in the 2022 press report (TASS)."),
    ("military-committee", "Military Council", "Short form of the name used in the 2022 press report."),
]


def load_aliases(*, sources: dict[str, Source]) -> int:
    written = 0
    body_type = ContentType.objects.get_for_model(Body)
    for slug, name, note in BODY_ALIASES:
        body = Body.objects.get(slug=slug)
        alias, created = Alias.objects.get_or_create(
            content_type=body_type, object_id=body.pk, name=name, defaults={"note": note}
        )
        citation_add(obj=alias, source=sources[ARTICLE])
        written += created
    return written

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponsePermanentRedirect

from apps.wiki.models import SlugRedirect


class SlugRedirectMixin:
    """A renamed record's old address answers with a permanent redirect to its current page."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            model = self.get_queryset().model
            moved = SlugRedirect.objects.filter(
                content_type=ContentType.objects.get_for_model(model), old_slug=kwargs.get("slug", "")
            ).first()
            target = moved and model.objects.filter(pk=moved.object_id).first()
            if target is None:
                raise
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return HttpResponsePermanentRedirect(target.get_absolute_url() + query)

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from apps.search.engine import exact_match, search
from apps.search.forms import SearchForm
from apps.search.models import KIND_PLURALS


def search_view(request: HttpRequest) -> HttpResponse:
    """/search/?q=...: ranked results; an exact name or alias goes straight to its record ("Go").

    `kind=` narrows to one kind of record, `page=` pages through; `go=0` shows the results even for an
    exact name (the record page links back to them with it).
    """
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": "", "results": None}
    if not form.is_bound:
        return render(request, "search/search_results.html", context)
    if not form.is_valid():
        return render(request, "search/search_results.html", context, status=400)
    query, kind = form.cleaned_data["q"], form.cleaned_data["kind"] or None
    context["query"] = query
    if not query:
        return render(request, "search/search_results.html", context)
    wants_go = request.GET.get("go") != "0" and not kind and "page" not in request.GET
    if wants_go and (url := exact_match(query)):
        return redirect(f"{url}?{urlencode({'from_search': query})}")
    results = search(query, kind=kind, page=request.GET.get("page"))
    context.update(
        results=results,
        page_obj=results.page,
        facets=[
            (value, label, results.counts.get(value, 0), value in results.approximate)
            for value, label in KIND_PLURALS.items()
        ],
        total_all=sum(results.counts.values()),
    )
    return render(request, "search/search_results.html", context)

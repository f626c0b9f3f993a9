import pytest


@pytest.fixture
def on_rum(on_postgres):
    from apps.search.backends.indexes import has_rum_index

    if not has_rum_index():
        pytest.skip(
            "needs the rum extension (Debian: postgresql-<version>-rum; .ci/run installs it): without it every"
            " match is ranked, as before"
        )

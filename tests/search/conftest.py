"""What the search tests share: a search as a function, and publishing steps that follow through
to the index (their ``on_commit`` callbacks run, as after a request's transaction)."""

import pytest

from search.querying import find


def titles(query: str, language: str = "en") -> list[str]:
    """The titles a visitor finds for ``query`` in ``language``, best first."""
    results, _more = find(query, language)
    return [result.title for result in results]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the block's ``on_commit`` callbacks at its end, as a commit
    would: the index follows then."""
    return lambda: django_capture_on_commit_callbacks(execute=True)

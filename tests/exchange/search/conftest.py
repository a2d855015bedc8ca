"""Search tests run with each backend the database allows: Whoosh everywhere, PostgreSQL
full-text on PostgreSQL."""
import pytest


@pytest.fixture(params=["whoosh", "postgres"])
def app_config(request, database_url):
    if request.param == "postgres" and not database_url.startswith("postgresql"):
        pytest.skip("the PostgreSQL search backend needs the PostgreSQL database")
    return {"SEARCH_BACKEND": request.param}

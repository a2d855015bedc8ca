from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField
from wtforms.validators import Optional

from exchange.forms_common import AppForm, choices, length
from search_index.schema import FACETS


class SearchForm(AppForm):
    """GET: the query, the chosen facets and the order. Nothing changes, so no CSRF."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search achievements"), validators=[Optional(), length(200)])
    kind = SelectField(validators=[Optional()], choices=choices([
        ("achievements", _l("Achievements")), ("needs", _l("Technical needs"))]))
    sort = SelectField(_l("Sort"), validators=[Optional()], choices=choices([
        ("relevance", _l("Most relevant")), ("date", _l("Newest first"))]))

    def filters(self, args) -> dict[str, str]:
        return {name: args[name] for name in FACETS if args.get(name)}

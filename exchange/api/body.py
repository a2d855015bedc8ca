"""Request bodies. The schemas check the JSON types only (their messages translated);
the values are then checked by the site's own forms, so the API gives the same rules and
the same messages as the pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, fields, validate
from werkzeug.datastructures import MultiDict

from exchange.achievements.forms import CONTRIBUTOR_SLOTS
from exchange.achievements.kinds import AchievementType, LegalStatus, TransactionMode
from exchange.money import fen_to_input

TYPE_MESSAGES = {"required": _l("This field is required."),
                 "null": _l("This field may not be null.")}


def _messages(invalid):
    return {**TYPE_MESSAGES, "invalid": invalid}


def text(**kwargs):
    return fields.String(error_messages=_messages(_l("Send a string.")), **kwargs)


def whole(**kwargs):
    return fields.Integer(strict=True, error_messages=_messages(_l("Send a whole number.")),
                          **kwargs)


def flag(**kwargs):
    return fields.Boolean(error_messages=_messages(_l("Send true or false.")), **kwargs)


def strings(**kwargs):
    return fields.List(fields.String(error_messages=_messages(_l("Send a string."))),
                       error_messages=_messages(_l("Send a list.")), **kwargs)


class Body(Schema):
    class Meta:
        unknown = RAISE

    error_messages = {"unknown": _l("There is no such field."),
                      "type": _l("Send a JSON object.")}


class NeedBody(Body):
    title = text(metadata={"description": "5 to 200 characters"})
    description = text(metadata={"description": "20 to 5000 characters"})
    keywords = strings(metadata={"description": "at most 10, each at most 30 characters"})
    industry_code = text(metadata={"description": "a GB/T 4754-2017 division code"})
    district_code = text()
    transaction_modes = strings(metadata={"items": {"enum": [m.value for m in
                                                             TransactionMode]}})
    budget_min_fen = whole(allow_none=True)
    budget_max_fen = whole(allow_none=True)
    budget_negotiable = flag()
    deadline = text(metadata={"format": "date", "description": "YYYY-MM-DD, within two "
                                                               "years"})
    contact_name = text()
    contact_phone = text()


class AchievementBody(Body):
    title = text()
    abstract = text()
    keywords = strings()
    type = text(metadata={"enum": [t.value for t in AchievementType]})
    patent_number = text(allow_none=True)
    legal_status = text(allow_none=True,
                        metadata={"enum": [s.value for s in LegalStatus] + [None]})
    industry_code = text()
    trl = whole(metadata={"minimum": 1, "maximum": 9})
    transaction_modes = strings(metadata={"items": {"enum": [m.value for m in
                                                             TransactionMode]}})
    price_fen = whole(allow_none=True)
    price_negotiable = flag()
    benefit_fen = whole(allow_none=True)
    contributors = fields.List(whole(), error_messages=_messages(_l("Send a list.")),
                               validate=validate.Length(max=CONTRIBUTOR_SLOTS, error=_l(
                                   "Name at most %(n)d contributors.", n=CONTRIBUTOR_SLOTS)),
                               metadata={"description": "user ids of the studio's members, "
                                                        f"at most {CONTRIBUTOR_SLOTS}"})


class SuggestBody(Body):
    title = text(load_default="", metadata={"description": "at most 200 characters"})
    text = text(load_default="", metadata={"description": "the description or abstract "
                                                           "being written, at most 5000"})
    keywords = strings(load_default=list, metadata={"description": "keywords already "
                                                                   "chosen: left out"})


class ActionBody(Body):
    action = text(required=True)
    reason = text(load_default="")


class MessageBody(Body):
    body = text(required=True, metadata={"description": "the message, as typed"})


MONEY_FIELDS = {"budget_min": "budget_min_fen", "budget_max": "budget_max_fen",
                "price": "price_fen", "benefit": "benefit_fen"}


def formdata(values: dict) -> MultiDict:
    """JSON values as a browser would post them to the site's form: lists as repeated
    fields, keywords joined, money in yuan, booleans as a ticked box."""
    data = MultiDict()
    for name, value in values.items():
        if value is None:
            continue
        if name in MONEY_FIELDS.values():
            data.add(name.removesuffix("_fen"), fen_to_input(value))
        elif name == "keywords":
            data.add(name, "、".join(value))
        elif name == "contributors":
            for slot, user_id in enumerate(value):
                data.add(f"contributors-{slot}", str(user_id))
        elif isinstance(value, bool):
            if value:
                data.add(name, "y")
        elif isinstance(value, list):
            for item in value:
                data.add(name, item)
        else:
            data.add(name, str(value))
    return data

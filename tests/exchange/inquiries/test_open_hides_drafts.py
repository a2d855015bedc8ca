"""Opening an inquiry on a draft answers exactly like an id that does not exist (F.16)."""
import pytest

from tests.support import factories


@pytest.mark.parametrize("body", ["能否试用？", ""])  # a valid form, and one refused
def test_a_draft_and_a_missing_id_answer_alike(enterprise_client, db, users, body):
    """Trust rule: drafts stay unknown outside their studio and the union."""
    draft = factories.make_achievement(users["studio_member"], "draft")
    enterprise_client.get("/")  # shows the login's welcome flash, which would differ
    answers = []
    for achievement_id in (draft.id, draft.id + 1000):
        path = f"/inquiries/open/{achievement_id}"
        response = enterprise_client.post(path, data={"body": body})
        # The page links its own address (language switch); all else must be the same.
        answers.append((response.status_code, response.get_data(as_text=True).replace(
            path, "/inquiries/open/ID")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 404

"""CLI commands through app.test_cli_runner()."""
from exchange.auth.models import Enterprise, User
from exchange.auth.roles import Role
from exchange.auth.validators import credit_code_error
from exchange.reference.models import District, Industry
from exchange.studios.models import Studio


def _count(db, model):
    return len(db.session.execute(db.select(model)).all())


def test_demo_data_is_realistic_and_idempotent(runner, db):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "ChuangXin2026" in result.output
    studios = db.session.execute(db.select(Studio)).scalars().all()
    assert len(studios) >= 40
    assert len({s.district_id for s in studios}) == 8
    assert len({s.industry.section for s in studios}) >= 8
    assert any(s.name == "何光华劳模创新工作室" for s in studios)
    assert all(s.innovation_kinds for s in studios)
    for role in Role:
        assert db.session.execute(db.select(User).filter_by(role=role)).first(), role
    for enterprise in db.session.execute(db.select(Enterprise)).scalars():
        assert credit_code_error(enterprise.credit_code) is None
    counts = (_count(db, Studio), _count(db, User), _count(db, Enterprise))
    again = runner.invoke(args=["demo-data"])
    assert again.exit_code == 0 and "+0" in again.output
    db.session.expire_all()
    assert (_count(db, Studio), _count(db, User), _count(db, Enterprise)) == counts


def test_demo_achievements_are_varied_and_valid(runner, db):
    from exchange.achievements.kinds import State
    from exchange.achievements.models import Achievement
    from exchange.achievements.validators import parse_patent_number

    runner.invoke(args=["demo-data"])
    items = db.session.execute(db.select(Achievement)).scalars().all()
    assert len(items) >= 300
    assert len({a.type for a in items}) == 10
    assert len({a.studio_id for a in items}) >= 40
    assert len({a.industry_code for a in items}) >= 20
    assert sum(a.state == State.PUBLISHED for a in items) >= 300
    patents = [a for a in items if a.type.is_patent]
    assert patents and all(parse_patent_number(a.patent_number)[1] is None for a in patents)
    assert all(a.contributors and a.transitions for a in items)


def test_demo_needs_are_problem_centred_varied_and_idempotent(runner, db):
    from exchange.achievements.models import Achievement
    from exchange.needs.kinds import NeedState
    from exchange.needs.models import Need

    runner.invoke(args=["demo-data"])
    needs = db.session.execute(db.select(Need)).scalars().all()
    assert len(needs) >= 100
    assert {n.state for n in needs} == set(NeedState)
    assert sum(n.state == NeedState.PUBLISHED for n in needs) >= 60
    assert len({n.enterprise_id for n in needs}) == 5
    assert len({n.industry_code for n in needs}) >= 10
    titles = set(db.session.execute(db.select(Achievement.title)).scalars())
    assert not titles & {n.title for n in needs}  # written as problems, not copied titles
    assert all(n.transaction_modes for n in needs)
    # Every history starts with the draft its enterprise wrote, as in the app.
    assert all(n.transitions[0].from_state is None
               and n.transitions[0].to_state == NeedState.DRAFT
               and n.transitions[0].actor_id == n.created_by_id for n in needs)
    assert all(n.budget_negotiable or n.budget_max_fen >= (n.budget_min_fen or 0) for n in needs)
    again = runner.invoke(args=["demo-data"]).output
    assert "needs +0" in again and "inquiries +0" in again
    from exchange.inquiries.kinds import InquiryState
    from exchange.inquiries.models import Inquiry

    inquiries = db.session.execute(db.select(Inquiry)).scalars().all()
    assert {i.state for i in inquiries} == set(InquiryState)
    assert all(len(i.messages) >= 2 for i in inquiries)


def test_demo_accounts_can_log_in(runner, client, db):
    runner.invoke(args=["demo-data"])
    response = client.post("/auth/login", data={"email": "staff@demo.exchange.cn",
                                                "password": "ChuangXin2026"})
    assert response.status_code == 302


def test_demo_data_if_empty_skips_a_database_with_accounts(runner, db, users):
    result = runner.invoke(args=["demo-data", "--if-empty"])
    assert result.exit_code == 0 and "not loaded" in result.output
    assert _count(db, Studio) == 1


def test_users_create(runner, db):
    result = runner.invoke(args=["users", "create", "--email", "ops@example.cn", "--name", "运维",
                                 "--role", "admin", "--password", "Operator-2026x"])
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(User).filter_by(email="ops@example.cn")).scalar_one()
    assert user.role == Role.ADMIN


def test_users_create_refuses_weak_password_and_duplicates(runner, db, users):
    weak = runner.invoke(args=["users", "create", "--email", "x@example.cn", "--name", "x",
                               "--role", "admin", "--password", "short"])
    assert weak.exit_code != 0
    dup = runner.invoke(args=["users", "create", "--email", users["admin"].email, "--name", "x",
                              "--role", "admin", "--password", "Operator-2026x"])
    assert dup.exit_code != 0
    studio_role = runner.invoke(args=["users", "create", "--email", "y@example.cn", "--name", "y",
                                      "--role", "studio_member", "--password", "Operator-2026x"])
    assert studio_role.exit_code != 0


def test_reference_data_is_present_and_sync_is_idempotent(runner, db):
    assert _count(db, District) == 8
    sections = db.session.execute(db.select(Industry).filter_by(parent_code=None)).all()
    assert len(sections) == 20
    assert _count(db, Industry) == 20 + 97
    result = runner.invoke(args=["reference", "sync"])
    assert result.exit_code == 0 and "added 0 districts, 0 industries" in result.output
    names = {d.name_zh for d in db.session.execute(db.select(District)).scalars()}
    assert names == {"梁溪区", "锡山区", "惠山区", "滨湖区", "新吴区", "经开区", "江阴市", "宜兴市"}
    assert db.session.get(Industry, "34").name_zh == "通用设备制造业"

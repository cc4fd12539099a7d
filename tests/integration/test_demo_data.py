"""The demo force at scale 1 follows shared/domain.md's tables, and a seed fixes it.

Tolerances at n ~ 1,500 closed episodes: each found-place share within 4 percentage points and
each cumulative point of the distance and time tables within 6 (a binomial standard deviation
is at most 1.3 points, so these hold for any seed with room to spare)."""

from datetime import UTC, datetime

import click
import pytest
from sqlalchemy import text

from locate.demo.build import build_demo, checksum, generate
from locate.demo.tables import DISTANCE_KM_CUMULATIVE, FOUND_PLACE_SHARES, HOURS_CUMULATIVE

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
PASSWORD = "demo password for tests"


@pytest.fixture()
def session(owner_session):
    """The demo loads as the tables' owner, as `flask demo-data` does: it moves the id
    sequences on and runs ANALYZE, which the app's role may not."""
    return owner_session


@pytest.fixture()
def demo(session):
    lines = build_demo(session, seed=11, scale=1, password=PASSWORD, now=NOW)
    return lines


def scalar(session, sql, **params):
    return session.execute(text(sql), params).scalar()


def test_summary_lists_the_logins_and_password(demo):
    logins = demo[demo.index(next(line for line in demo if "Demo logins" in line)):]
    for role in ("sergeant", "constable", "coordinator", "inspector", "admin", "carer"):
        assert any(f"username: {role}" in line for line in logins)
    assert any(PASSWORD in line for line in logins)


def test_force_has_the_shape_of_a_small_city(session, demo):
    roles = dict(session.execute(text("SELECT role, count(*) FROM users GROUP BY role")).all())
    assert scalar(session, "SELECT count(*) FROM teams") == 5
    assert 50 <= roles["constable"] <= 70 and 10 <= roles["sergeant"] <= 14
    assert roles["coordinator"] == 2 and roles["admin"] == 1 and roles["partner"] >= 10
    assert scalar(session, "SELECT count(*) FROM children") == 150
    assert scalar(session, "SELECT count(*) FROM episodes") == 1500
    assert 5 <= scalar(session, "SELECT count(*) FROM episodes WHERE status = 'open'") <= 10
    assert scalar(session, "SELECT count(*) FROM users WHERE on_duty AND position IS NOT NULL "
                           "AND role = 'constable'") >= 20
    # Each demo login exists, and the well-known officers are in the same (Leeds) team.
    teams = dict(session.execute(text(
        "SELECT username, team_id FROM users WHERE username IN ('sergeant', 'constable')")).all())
    assert teams["sergeant"] == teams["constable"] is not None
    # 93% of missing children are 12 to 17.
    share = scalar(session, "SELECT avg((date_part('year', age(:now, date_of_birth)) "
                            "BETWEEN 12 AND 17)::int) FROM child_profiles", now=NOW)
    assert 0.85 <= share <= 0.99
    # One audit row for the whole load.
    assert scalar(session, "SELECT count(*) FROM audit_log WHERE entity = 'demo_data'") == 1


def test_every_episode_is_graded_and_every_closed_one_has_an_outcome(session, demo):
    assert scalar(session, "SELECT count(*) FROM episodes e WHERE NOT EXISTS "
                           "(SELECT 1 FROM risk_assessments r WHERE r.episode_id = e.id)") == 0
    assert scalar(session, "SELECT count(*) FROM episodes WHERE risk_grade IS NULL") == 0
    assert scalar(session, "SELECT count(*) FROM episodes WHERE status <> 'open' AND ("
                           "found_at IS NULL OR found_geom IS NULL OR found_place_kind IS NULL "
                           "OR found_by IS NULL)") == 0
    # Open episodes are live: reviews due in the future, recent sightings, tasks in many states.
    assert scalar(session, "SELECT count(*) FROM episodes WHERE status = 'open' "
                           "AND next_review_due < :now", now=NOW) == 0
    states = scalar(session, "SELECT count(DISTINCT t.status) FROM tasks t JOIN episodes e "
                             "ON e.id = t.episode_id WHERE e.status = 'open'")
    assert states >= 5
    grades = scalar(session, "SELECT count(DISTINCT risk_grade) FROM episodes "
                             "WHERE status = 'open'")
    assert grades == 4
    # The demo constable has live work on their phone.
    assert scalar(session, "SELECT count(*) FROM tasks t JOIN users u ON u.id = "
                           "t.assignee_user_id JOIN episodes e ON e.id = t.episode_id WHERE "
                           "u.username = 'constable' AND e.status = 'open'") >= 1


def test_found_place_shares_follow_the_table(session, demo):
    shares = dict(session.execute(text(
        "SELECT found_place_kind, count(*)::float / sum(count(*)) OVER () FROM episodes "
        "WHERE status <> 'open' GROUP BY 1")).all())
    for kind, expected in FOUND_PLACE_SHARES.items():
        assert shares.get(kind, 0) == pytest.approx(expected, abs=0.04), kind
    # Girls more often at friends' addresses, boys more often on the street.
    by_sex = dict(session.execute(text(
        "SELECT p.sex, avg((found_place_kind = 'friend_address')::int) FROM episodes e "
        "JOIN child_profiles p USING (child_id) WHERE e.status <> 'open' GROUP BY 1")).all())
    assert by_sex["female"] > by_sex["male"]


def test_distance_last_seen_to_found_follows_the_table(session, demo):
    for km, expected in DISTANCE_KM_CUMULATIVE:
        within = scalar(session, "SELECT avg((ST_Distance(last_seen_geom::geography, "
                                 "found_geom::geography) <= :m)::int) FROM episodes "
                                 "WHERE status <> 'open'", m=km * 1000)
        assert float(within) == pytest.approx(expected, abs=0.06), km
    # Higher grades are found further away (a tilt, compared over large groups).
    median = dict(session.execute(text(
        "SELECT risk_grade IN ('medium', 'high'), percentile_cont(0.5) WITHIN GROUP (ORDER BY "
        "ST_Distance(last_seen_geom::geography, found_geom::geography)) FROM episodes "
        "WHERE status <> 'open' GROUP BY 1")).all())
    assert median[True] > 1.3 * median[False]


def test_time_to_locate_follows_the_table(session, demo):
    for hours, expected in HOURS_CUMULATIVE:
        within = scalar(session, "SELECT avg((found_at - reported_at <= make_interval("
                                 "secs => :s))::int) FROM episodes WHERE status <> 'open'",
                        s=hours * 3600)
        assert float(within) == pytest.approx(expected, abs=0.06), hours


def test_a_few_children_account_for_a_large_share_of_episodes(session, demo):
    top = scalar(session, """
        WITH c AS (SELECT count(*) AS n, row_number() OVER (ORDER BY count(*) DESC) AS r
                   FROM episodes GROUP BY child_id)
        SELECT sum(n) FILTER (WHERE r <= 9)::float / sum(n) FROM c""")  # 6% of 150 children
    assert top >= 0.25
    # And one child's episodes never overlap in time.
    assert scalar(session, """
        SELECT count(*) FROM episodes a JOIN episodes b ON a.child_id = b.child_id
        AND a.id < b.id AND a.reported_at < coalesce(b.found_at, 'infinity')
        AND b.reported_at < coalesce(a.found_at, 'infinity')""") == 0


def test_ids_continue_after_the_load(session, demo):
    next_id = scalar(session, "SELECT nextval(pg_get_serial_sequence('episodes', 'id'))")
    assert next_id > scalar(session, "SELECT max(id) FROM episodes")


def test_loading_into_a_database_with_data_is_refused(session, demo):
    with pytest.raises(click.ClickException, match="empty"):
        build_demo(session, seed=1, scale=1, password=PASSWORD, now=NOW)


def test_reset_explains_how_to_empty_the_database(session):
    with pytest.raises(click.ClickException, match="downgrade base"):
        build_demo(session, seed=1, scale=1, password=PASSWORD, reset=True, now=NOW)


def test_same_seed_same_data_other_seed_other_data():
    def digest(seed):
        return checksum(generate(seed=seed, scale=0.5, now=NOW, password_hash="h"))

    assert digest(5) == digest(5)
    assert digest(5) != digest(6)


def test_associates_share_a_phone_only_when_they_are_the_same_older_associate(session, demo):
    """Only 1,000 drama numbers exist: handed out at random they linked children by chance.
    A number known to several children is one older associate of their team, by name."""
    rows = session.execute(text("""
        SELECT a.phone, count(DISTINCT a.child_id), count(DISTINCT a.name),
               bool_and(a.relationship_to_child = 'older associate'), count(DISTINCT c.team_id)
        FROM associates a JOIN children c ON c.id = a.child_id
        WHERE a.phone IS NOT NULL GROUP BY a.phone""")).all()
    assert rows and all(names == 1 and older and teams == 1 for _, _, names, older, teams in rows)
    assert any(children > 1 for _, children, *_ in rows)  # the pattern the network shows

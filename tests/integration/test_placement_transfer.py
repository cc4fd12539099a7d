"""A transfer of placement, as people walk through it (issue 10: the profile moves with the
child): the "Placement is changing" page, the old carers losing the photo too, who is told
live and what they hear, the notice the sender lands on, and the transfer record kept as
evidence (append-only in the database itself)."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from locate.domain import audience
from locate.live.event_schemas import errors_for
from locate.models import AuditEntry, Child, ChildTransfer, Event
from tests.append_only import assert_refused
from tests.images import image_bytes

from .test_api_carers import last_audit
from .test_bad_input_sweep import row_counts


def _transfer(api, child, organisation, reason="Placement ended; moved to Elm House"):
    response = api.post(f"/api/children/{child.id}/transfer",
                        json={"organisation_id": organisation.id, "reason": reason})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_old_carers_lose_the_photo_at_once_and_the_new_ones_gain_it(login, world):
    old, new = login("partner_a"), login("partner_b")
    upload = old.post(f"/api/children/{world.child_a.id}/photo", data={
        "version": "1", "photo": (io.BytesIO(image_bytes()), "photo.jpg", "image/jpeg")},
        content_type="multipart/form-data")
    assert upload.status_code in (200, 201), upload.get_json()
    photo_url = upload.get_json()["photo_url"]
    assert old.get(photo_url).status_code == 200
    assert new.get(photo_url).status_code == 404
    _transfer(old, world.child_a, world.org_b)
    assert old.get(photo_url).status_code == 404
    assert new.get(photo_url).status_code == 200


def test_the_transfer_is_told_to_the_new_placement_and_both_teams(login, session, world):
    before = session.execute(sa.select(sa.func.coalesce(sa.func.max(Event.id), 0))).scalar()
    done = _transfer(login("sergeant_a"), world.child_a, world.org_b,
                     reason="Exploited at the old address")
    made = {e.type: e for e in session.execute(
        sa.select(Event).where(Event.id > before)).scalars()}
    moved, left = made["child.transferred"], made["child.left"]
    for event in (moved, left):
        assert errors_for(event.type, event.payload) == {}, event.type
        # Neither names the child nor says why: hearing one is no consultation of its record.
        assert "child_id" not in event.payload and "Exploited" not in str(event.payload)
    assert moved.payload["transfer_id"] == done["id"]
    assert (moved.payload["from_organisation_id"], moved.payload["to_organisation_id"]) == (
        world.org_a.id, world.org_b.id)
    keys = set(moved.audience)
    # The receiving organisation, the new team, the old team (it holds episode_a), force-wide.
    assert {f"child.view@org:{world.org_b.id}", f"child.view@team:{world.team_a.id}",
            f"child.view@team:{world.team_b.id}", "child.view@force"} <= keys
    assert f"child.view@org:{world.org_a.id}" not in keys
    # The organisation and team the child left hear that a child did, and when.
    assert left.payload == {"from_organisation_id": world.org_a.id,
                            "from_team_id": world.team_a.id, "at": done["at"]}
    assert {f"child.view@org:{world.org_a.id}", f"child.view@team:{world.team_a.id}"} <= set(
        left.audience)
    assert f"child.view@org:{world.org_b.id}" not in left.audience
    held_a = audience.user_keys(role="partner", user_id=world.partner_a.id, team_id=None,
                                organisation_id=world.org_a.id)
    held_b = audience.user_keys(role="partner", user_id=world.partner_b.id, team_id=None,
                                organisation_id=world.org_b.id)
    assert audience.may_hear(left.audience, held_a) and not audience.may_hear(moved.audience,
                                                                              held_a)
    assert audience.may_hear(moved.audience, held_b) and not audience.may_hear(left.audience,
                                                                               held_b)


def test_a_huge_reason_is_refused_and_nothing_is_written(login, session, world):
    api = login("partner_a")
    before = row_counts(session)
    response = api.post(f"/api/children/{world.child_a.id}/transfer",
                        json={"organisation_id": world.org_b.id, "reason": "x" * 2001})
    assert response.status_code == 422
    assert "reason" in str(response.get_json()["errors"])
    assert row_counts(session) == before
    session.expire_all()
    assert session.get(Child, world.child_a.id).organisation_id == world.org_a.id


# --- the page ---------------------------------------------------------------------------------

def test_the_page_lists_where_the_child_can_go_by_name_alone(login, session, world):
    page = login("partner_a").get(f"/children/{world.child_a.id}/placement")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Placement is changing" in html and "Jade" in html
    assert f'value="{world.org_b.id}"' in html and f'value="{world.org_a.id}"' not in html
    assert "will lose access" in html and "at once" in html
    assert world.org_b.address is None or world.org_b.address not in html
    audit = last_audit(session)
    assert (audit.action, audit.entity, audit.child_id, audit.user_id) == (
        "view", "child_transfer_page", world.child_a.id, world.partner_a.id)


@pytest.mark.parametrize(("username", "status"), [
    ("partner_a", 200), ("sergeant_a", 200), ("inspector_a", 200), ("admin", 200),
    ("partner_b", 404), ("sergeant_b", 404), ("constable_a", 403), ("coordinator", 403)])
def test_the_page_is_for_those_who_may_transfer_the_child(login, session, world, username,
                                                          status):
    api = login(username)
    before = session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()
    response = api.get(f"/children/{world.child_a.id}/placement",
                                   query_string={"access_reason_words": "Placement review"})
    assert response.status_code == status, (username, response.status_code)
    after = session.execute(sa.select(sa.func.count(AuditEntry.id))).scalar()
    assert after == before + (1 if status == 200 else 0)


def test_the_episode_page_offers_it_to_who_may_transfer(login, world):
    url = f"/episodes/{world.episode_a.id}"
    assert 'data-action="placement"' in login("sergeant_a").get(url).get_data(as_text=True)
    assert 'data-action="placement"' not in login("constable_a").get(url).get_data(as_text=True)


def test_the_sender_lands_on_their_list_told_the_child_moved(login, world):
    old = login("partner_a")
    assert 'data-action="placement"' in old.get("/carer").get_data(as_text=True)
    done = _transfer(old, world.child_a, world.org_b)
    html = old.get(f"/carer?moved={done['id']}").get_data(as_text=True)
    assert "has moved to <strong>Elm House</strong>" in html
    assert f'data-child-id="{world.child_a.id}"' not in html
    # The receiving carer gets no such notice from the id, and sees the child.
    received = login("partner_b").get(f"/carer?moved={done['id']}").get_data(as_text=True)
    assert 'data-notice="moved"' not in received
    assert f'data-child-id="{world.child_a.id}"' in received
    # Nonsense ids show nothing and break nothing.
    for moved in ("999999", "0", "-1", str(2**40), "abc"):
        response = old.get(f"/carer?moved={moved}")
        assert response.status_code == 200 and 'data-notice="moved"' not in response.get_data(
            as_text=True)


# --- the record of the transfer is evidence ---------------------------------------------------

def test_child_transfers_refuse_update_and_delete_to_the_app_role(database_url, login, session,
                                                                   world):
    _transfer(login("partner_a"), world.child_a, world.org_b)
    engine = sa.create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            for statement in ("UPDATE child_transfers SET reason = 'x'",
                              "DELETE FROM child_transfers", "TRUNCATE child_transfers"):
                with pytest.raises(DBAPIError, match="permission denied") as refused:
                    conn.execute(sa.text(statement))
                assert refused.value.orig.pgcode == "42501"
                conn.rollback()
    finally:
        engine.dispose()


def test_child_transfers_refuse_update_and_delete_even_to_their_owner(owner_session):
    from tests import factories

    w = factories.world(owner_session)
    owner_session.add(ChildTransfer(child_id=w.child_a.id, from_organisation_id=w.org_a.id,
                                    to_organisation_id=w.org_b.id, from_team_id=w.team_a.id,
                                    to_team_id=w.team_b.id, by_id=w.partner_a.id,
                                    reason="Moved"))
    owner_session.flush()
    assert_refused(owner_session, ("UPDATE child_transfers SET reason = 'x'",
                                   "DELETE FROM child_transfers",
                                   "TRUNCATE child_transfers CASCADE"))
    assert owner_session.execute(sa.select(sa.func.count(ChildTransfer.id))).scalar() == 1

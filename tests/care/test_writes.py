"""Every write to care's tables runs in the one write transaction (glimmers.db.writing)."""

from __future__ import annotations

from django.db import connection

from glimmers import db
from glimmers.care.models import CareRead
from tests.care.helpers import make_carer
from tests.factories import make_glimmer


def test_every_care_write_from_the_pages_runs_in_writing(owner, owner_client, other, other_client):
    outside = []

    def watch(execute, sql, params, many, context):
        verb = sql.lstrip().split(" ", 1)[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE") and "care_" in sql and not db.in_writing():
            outside.append(sql[:120])
        return execute(sql, params, many, context)

    glimmer = make_glimmer(owner, "Wind in the poplars")
    make_carer(other)
    with connection.execute_wrapper(watch):
        response = owner_client.post(
            "/care/invite/", {"label": "my counsellor", "client_name": "Olena", "scope": "sessions"}
        )
        code = response.content.decode().split('data-testid="care-code">')[1].split("<")[0]
        other_client.post(f"/care/join/{code}/", {"carer_name": "Sam"})
        link = owner.care_links.get()
        owner_client.post(f"/care/{link.pk}/confirm/")
        owner_client.post(f"/care/sessions/{glimmer.pk}/", {"marked": "1"})
        owner_client.post(f"/care/{link.pk}/scope/", {"scope": "sessions", "tell_tried": "on"})
        other_client.get(f"/care/clients/{link.pk}/")
        other_client.get(f"/care/clients/{link.pk}/glimmers/{glimmer.pk}/")
        other_client.post(f"/care/clients/{link.pk}/suggest/", {"text": "Notice a sound"})
        suggestion = owner.suggestions.get()
        owner_client.post(f"/care/suggestions/{suggestion.pk}/", {"answer": "tried"})
        owner_client.post(f"/care/sessions/{glimmer.pk}/", {"marked": "0"})
        owner_client.post(f"/care/{link.pk}/end/")

    assert CareRead.objects.count() == 2
    assert outside == []

"""The published schema and the human docs page."""

from __future__ import annotations

import json
import re

from tests.api.conftest import API

PATHS = {
    "/api/v1/glimmers",
    "/api/v1/glimmers/{glimmer_id}",
    "/api/v1/glimmers/{glimmer_id}/photos",
    "/api/v1/glimmers/{glimmer_id}/photos/{photo_id}",
    "/api/v1/photos/{photo_id}",
    "/api/v1/photos/{photo_id}/thumbnail",
    "/api/v1/triggers",
    "/api/v1/triggers/{trigger_id}",
    "/api/v1/people",
    "/api/v1/people/{row_id}",
    "/api/v1/values",
    "/api/v1/values/{row_id}",
    "/api/v1/senses",
    "/api/v1/body-cues",
    "/api/v1/today",
    "/api/v1/prompts/today",
    "/api/v1/prompts/today/skip",
    "/api/v1/intentions",
    "/api/v1/intentions/{day}",
    "/api/v1/reflections",
    "/api/v1/reflections/{day}",
    "/api/v1/export",
    "/api/v1/circles",
    "/api/v1/circles/{circle_id}",
    "/api/v1/circles/{circle_id}/looked",
    "/api/v1/circles/{circle_id}/glimmers",
    "/api/v1/circles/{circle_id}/photos/{photo_id}",
    "/api/v1/circles/{circle_id}/photos/{photo_id}/thumbnail",
    "/api/v1/shares/{share_id}",
    "/api/v1/glimmers/{glimmer_id}/shares",
    "/api/v1/glimmers/{glimmer_id}/shares/{circle_id}",
    "/api/v1/care/clients",
    "/api/v1/care/clients/{link_id}",
    "/api/v1/care/clients/{link_id}/glimmers",
    "/api/v1/care/clients/{link_id}/glimmers/{glimmer_id}",
    "/api/v1/care/clients/{link_id}/photos/{photo_id}",
    "/api/v1/care/clients/{link_id}/photos/{photo_id}/thumbnail",
    "/api/v1/care/clients/{link_id}/triggers",
    "/api/v1/care/links",
    "/api/v1/care/reads",
}


def test_it_publishes_an_openapi_schema_with_every_path(client, db):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Glimmers API"
    assert set(schema["paths"]) == PATHS


def test_it_documents_bearer_tokens_and_the_error_shape(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["Auth"].items()
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert set(error["properties"]) == {"code", "message", "fields"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["security"], (method, path)
            for status in ("401", "404", "422", "429"):
                assert status in operation["responses"], (method, path, status)
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/ErrorOut"}


def test_it_documents_idempotent_put_as_200_or_201(client, db):
    put = client.get(f"{API}/openapi.json").json()["paths"]["/api/v1/glimmers/{glimmer_id}"]["put"]
    assert {"200", "201"} <= set(put["responses"])
    assert "once" in put["description"]


def test_the_docs_page_uses_only_our_own_files(client, db):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)=["']([^"']+)""", page)
    assert any(s.endswith(".js") for s in sources) and any(s.endswith(".css") for s in sources)
    for source in sources:
        assert source.startswith("/static/"), source
    assert "http://" not in page and "https://" not in page
    assert "cdn" not in page.lower()


def test_the_docs_pages_files_are_served(client, db):
    page = client.get(f"{API}/docs").content.decode()
    for source in re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", page):
        response = client.get(source)
        assert response.status_code == 200, source
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body


def test_the_docs_page_points_at_our_schema(client, db):
    page = client.get(f"{API}/docs").content.decode()
    settings_json = re.search(
        r'<script type="application/json" id="swagger-settings">(.*?)</script>', page, re.S
    )
    swagger = json.loads(settings_json.group(1))
    assert swagger["url"] == f"{API}/openapi.json"
    # Swagger UI's default validator badge would load from validator.swagger.io.
    assert "validatorUrl" in swagger and swagger["validatorUrl"] is None

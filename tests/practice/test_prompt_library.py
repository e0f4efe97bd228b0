"""The built-in prompt library, as the data migration loaded it."""

import importlib
from collections import Counter

from glimmers.practice import models as practice_models
from glimmers.practice import services
from glimmers.practice.models import Category, Prompt

_LIBRARY = importlib.import_module("glimmers.practice.migrations.0002_prompt_library")
_GENTLER = importlib.import_module("glimmers.practice.migrations.0003_gentler_prompt_words")
SCALE_QUESTIONS = _LIBRARY.SCALE_QUESTIONS
# The library as the migrations leave it: 0002's prompts, with 0003's gentler words.
PROMPTS = [
    (slug, category, _GENTLER.NEW_WORDS.get(slug, text))
    for slug, category, text in _LIBRARY.PROMPTS
]


def _built_in():
    return Prompt.objects.filter(owner=None)


def test_it_loads_at_least_sixty_built_in_prompts(db):
    assert _built_in().count() >= 60
    assert _built_in().count() == len(PROMPTS)


def test_it_has_prompts_in_every_category(db):
    per_category = Counter(_built_in().values_list("category", flat=True))
    for category in Category.values:
        assert per_category[category] >= 5, category


def test_it_has_scale_prompts_only_in_the_question_category(db):
    scale = _built_in().filter(scale=True)
    assert scale.count() >= 2
    assert set(scale.values_list("category", flat=True)) == {Category.QUESTION}
    assert set(scale.values_list("slug", flat=True)) == SCALE_QUESTIONS
    # The rest of the Glimmer Question prompts are follow-ups.
    assert _built_in().filter(category=Category.QUESTION, scale=False).exists()


def test_its_texts_and_slugs_are_unique(db):
    texts = list(_built_in().values_list("text", flat=True))
    slugs = list(_built_in().values_list("slug", flat=True))
    assert len(set(texts)) == len(texts)
    assert len(set(slugs)) == len(slugs)
    assert all(slugs)


def test_its_texts_are_the_ones_marked_for_translation(db):
    stored = dict(_built_in().values_list("slug", "text"))
    assert stored == {slug: text for slug, _category, text in PROMPTS}


def test_built_in_prompts_are_shown_translated_and_own_ones_as_written(owner, monkeypatch):
    monkeypatch.setattr(practice_models, "gettext", lambda text: f"[uk] {text}")
    built_in = _built_in().get(slug="evening-softened")
    own = services.add_prompt(owner, Category.EVENING, "What made me laugh?")
    assert str(built_in) == f"[uk] {built_in.text}"
    assert str(own) == "What made me laugh?"


def test_built_in_prompts_belong_to_nobody(owner):
    own = services.add_prompt(owner, Category.MORNING, "Look for birds")
    assert _built_in().get(slug="morning-light").built_in
    assert not own.built_in

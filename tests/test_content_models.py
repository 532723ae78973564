"""Each app names its content models once, as the sections of its record set (``apps.py``): the
roles' permissions, the page cache, the change history and the dashboard follow that one list."""

import pytest
from modeltranslation.translator import translator

from core.contributions import content_models, contributing_apps
from records.format import sections
from translations.state import LaoTranslatable

# The apps with content (the publishing app contributes only companion sections of the record set).
APPS = [
    app_config for app_config, contribution in contributing_apps() if contribution.record_sections
]
CONTENT = content_models()


def label(obj) -> str:
    return obj.label


def model_label(model) -> str:
    return model._meta.label


def test_the_content_models_are_the_record_sets_models_in_its_order():
    assert [section.model for section in sections()] == CONTENT


@pytest.mark.parametrize("app_config", APPS, ids=label)
def test_every_model_an_app_defines_is_one_of_its_content_models(app_config):
    # A history table is part of its record's model, not a model of its own.
    defined = {
        model
        for model in app_config.get_models()
        if not model._meta.model_name.startswith("historical")
    }
    assert defined == set(content_models(app_config.label))


@pytest.mark.parametrize("model", CONTENT, ids=model_label)
def test_every_content_model_keeps_a_history_with_its_links_to_others(model):
    history = model.history.model
    assert history._meta.app_label == model._meta.app_label
    for field in model._meta.many_to_many:
        assert hasattr(history, field.name), f"no history of {model_label(model)}.{field.name}"


def test_the_content_models_with_lao_text_are_those_registered_for_translation():
    with_lao = {model for model in CONTENT if issubclass(model, LaoTranslatable)}
    registered = {model for model in CONTENT if model in translator.get_registered_models()}
    assert with_lao == registered
    assert with_lao

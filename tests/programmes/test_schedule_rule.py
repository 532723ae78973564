"""One table says which schedule fields each date precision needs: the form's field errors and
the database's check constraint both follow it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programmes.models import Leg
from programmes.schedule import PERIOD_FIELDS, PRECISION_FIELDS
from tests.programmes.factories import LegFactory

pytestmark = pytest.mark.django_db

SAMPLE = {
    "start_date": datetime.date(2030, 5, 1),
    "end_date": datetime.date(2030, 5, 3),
    "period_year": 2030,
    "period_quarter": 2,
    "period_month": 5,
}


def schedule(precision, **values):
    needed, _allowed = PRECISION_FIELDS[precision]
    fields = dict.fromkeys(PERIOD_FIELDS)
    fields.update({name: SAMPLE[name] for name in needed})
    fields.update(values)
    return {"date_precision": precision, **fields}


def violations():
    for precision, (needed, allowed) in PRECISION_FIELDS.items():
        for name in needed:
            yield precision, name, schedule(precision, **{name: None})
        for name in PERIOD_FIELDS:
            if name not in needed and name not in allowed:
                yield precision, name, schedule(precision, **{name: SAMPLE[name]})


CASES = list(violations())


def test_every_precision_has_a_row_in_the_table():
    assert set(PRECISION_FIELDS) == set(Leg.Precision.values)


@pytest.mark.parametrize(("precision", "field", "values"), CASES, ids=lambda c: str(c)[:30])
def test_the_form_check_reports_the_field_the_table_names(precision, field, values):
    leg = LegFactory.build(programme=LegFactory().programme, number=99, **values)
    with pytest.raises(ValidationError) as caught:
        leg.full_clean()
    assert field in caught.value.message_dict


@pytest.mark.parametrize(("precision", "field", "values"), CASES, ids=lambda c: str(c)[:30])
def test_the_database_refuses_what_the_table_forbids(precision, field, values):
    leg = LegFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.filter(pk=leg.pk).update(**values)


@pytest.mark.parametrize("precision", list(PRECISION_FIELDS))
def test_what_the_table_allows_the_form_and_the_database_accept(precision):
    leg = LegFactory()
    values = schedule(precision)
    for name, value in values.items():
        setattr(leg, name, value)
    leg.full_clean()
    Leg.objects.filter(pk=leg.pk).update(**values)

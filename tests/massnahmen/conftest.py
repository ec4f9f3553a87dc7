"""Fixtures of the implementation loop (issue 15)."""

import pytest
from django.contrib.auth.models import Group, User

from massnahmen.models import Massnahme, Organisation


@pytest.fixture
def jobcenter(inhalt):
    """An organisation leading two measures of the edition in force, both not yet begun (so
    that every report changes something)."""
    organisation = Organisation.objects.create(name="Jobcenter Test")
    noch_geplant = Massnahme.objects.in_edition(inhalt).filter(status="geplant")
    massnahmen = list(noch_geplant.order_by("pk")[:2])
    Massnahme.objects.filter(pk__in=[m.pk for m in massnahmen]).update(federfuehrung=organisation)
    return organisation


@pytest.fixture
def ansprechperson(jobcenter):
    """An active contact person of the Jobcenter."""
    person = User.objects.create_user("kontakt@jobcenter.example", password="geheim-und-lang-2024")
    person.groups.add(Group.objects.get_or_create(name="Umsetzung")[0])
    jobcenter.ansprechpersonen.add(person)
    return person

"""factory_boy factories for the domain's rows."""

from __future__ import annotations

import factory
from django.utils import timezone

from kyky.accounts.models import Membership, Organisation, User
from kyky.catalog.models import Language, Level, Municipality, Subject
from kyky.core.schoolyear import SPRING, Term, next_term
from kyky.pilots.models import Need, Proposal


def spring() -> Term:
    """The term the factories' rows fall in: the next spring term that has not started yet on the test clock.

    Its window, ``spring().first_monday`` to ``spring().last_friday``, lies wholly ahead of today.
    """
    return next_term(timezone.localdate(), SPRING)


def window(starts_on=None, ends_on=None) -> dict[str, str]:
    """Form and API dates: the factories' window (or the days given), as ISO strings."""
    term = spring()
    return {
        "starts_on": (starts_on or term.first_monday).isoformat(),
        "ends_on": (ends_on or term.last_friday).isoformat(),
    }


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@kyky.example")
    name = factory.Faker("name", locale="fi_FI")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Koulu {n}")
    kind = Organisation.Kind.SCHOOL
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(pk="espoo"))
    business_id = ""

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create and obj.is_unit:
            obj.languages.set(Language.objects.filter(pk__in=extracted or ["fi"]))


# Valid Finnish business IDs (check digits verified with python-stdnum).
BUSINESS_IDS = ["2464547-9", "1572860-0", "0737546-2", "2331972-7", "1234567-1", "7654321-2", "1112223-0", "5556667-7"]


class CompanyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Oppimisyritys {n} Oy")
    kind = Organisation.Kind.COMPANY
    business_id = factory.Sequence(lambda n: BUSINESS_IDS[n % len(BUSINESS_IDS)])


class CityFactory(OrganisationFactory):
    name = factory.LazyAttribute(lambda o: f"City of {o.municipality.name_en}")
    kind = Organisation.Kind.CITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.TEACHER


def codes(model, values):
    return list(model.objects.filter(pk__in=values))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    organisation = factory.SubFactory(CompanyFactory)
    created_by = factory.LazyAttribute(
        lambda o: (
            Membership.objects.filter(organisation=o.organisation).first().user
            if Membership.objects.filter(organisation=o.organisation).exists()
            else UserFactory()
        )
    )
    title = factory.Sequence(lambda n: f"Murtolukupeli {n}")
    summary = "Pelillinen tapa harjoitella murtolukuja."
    description = "Oppilaat pelaavat murtolukupeliä tableteilla kahdesti viikossa."
    starts_on = factory.LazyFunction(lambda: spring().first_monday)
    ends_on = factory.LazyFunction(lambda: spring().last_friday)
    capacity = 3
    teacher_hours = 10
    delivery = Proposal.Delivery.ONSITE
    status = Proposal.Status.PUBLISHED

    @factory.post_generation
    def subjects(obj, create, extracted, **kwargs):
        if create:
            obj.subjects.set(codes(Subject, extracted if extracted is not None else ["mathematics"]))

    @factory.post_generation
    def levels(obj, create, extracted, **kwargs):
        if create:
            obj.levels.set(codes(Level, extracted or ["grade_3", "grade_4"]))

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create:
            obj.languages.set(codes(Language, extracted or ["fi"]))

    @factory.post_generation
    def municipalities(obj, create, extracted, **kwargs):
        if create:
            obj.municipalities.set(codes(Municipality, extracted if extracted is not None else ["espoo"]))


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.LazyAttribute(
        lambda o: (
            Membership.objects.filter(organisation=o.organisation).first().user
            if Membership.objects.filter(organisation=o.organisation).exists()
            else UserFactory()
        )
    )
    title = factory.Sequence(lambda n: f"Murtoluvut haltuun {n}")
    description = "Nelosluokka tarvitsee toiminnallisen tavan oppia murtolukuja."
    language = factory.LazyFunction(lambda: Language.objects.get(pk="fi"))
    group_size = 22
    starts_on = factory.LazyFunction(lambda: spring().first_monday)
    ends_on = factory.LazyFunction(lambda: spring().last_friday)
    municipality = factory.LazyAttribute(lambda o: o.organisation.municipality)
    accepts_remote = False
    status = Need.Status.PUBLISHED

    @factory.post_generation
    def subjects(obj, create, extracted, **kwargs):
        if create:
            obj.subjects.set(codes(Subject, extracted if extracted is not None else ["mathematics"]))

    @factory.post_generation
    def levels(obj, create, extracted, **kwargs):
        if create:
            obj.levels.set(codes(Level, extracted or ["grade_4"]))

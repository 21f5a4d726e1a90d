"""factory-boy factories for every model; traits give the usual variants."""

from datetime import datetime, time, timedelta

import factory
from django.db.models import F
from django.utils import timezone

from bookings.models import Booking, BookingLogEntry, Participant, Testimonial
from events.models import Audience, Event, Genre, Partner, Slot, Venue
from people.models import Person
from structures.models import Department, Structure, User

PASSWORD = "mot-de-passe-de-test-2026"


def evening(days):
    """20:30 in Paris, `days` days from today: an outing's usual time. An hour before it is
    the same day whenever the tests run, even just after midnight."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(20, 30)))


class DepartmentFactory(factory.django.DjangoModelFactory):
    """Départements exist from the data migration: get them by code."""

    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = "75"
    name = factory.LazyAttribute(
        lambda o: {"75": "Paris", "93": "Seine-Saint-Denis"}.get(o.code, o.code)
    )
    team_name = factory.LazyAttribute(lambda o: f"Équipe {o.name}")
    team_phone = "01 23 45 67 89"
    team_email = factory.LazyAttribute(lambda o: f"equipe{o.code.lower()}@asso.test")
    is_active = True


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Relais social {n}")
    department = factory.SubFactory(DepartmentFactory)
    city = "Paris"
    phone = "01 40 00 00 00"
    email = factory.Sequence(lambda n: f"relais{n}@structure.test")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"travailleur{n}@relais.test")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    phone = "06 12 34 56 78"
    structure = factory.SubFactory(StructureFactory)
    password = factory.django.Password(PASSWORD)

    class Params:
        staff = factory.Trait(structure=None, is_staff=True)

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        # A structure holds one record per person: the same names give the same person.
        django_get_or_create = ("structure", "kind", "first_name", "last_name", "birth_year")

    structure = factory.SubFactory(StructureFactory)
    kind = Person.Kind.BENEFICIARY
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    birth_year = None

    class Params:
        companion = factory.Trait(
            kind=Person.Kind.COMPANION, companion_type=Person.CompanionType.PROFESSIONAL
        )


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Genre {n}")
    slug = factory.Sequence(lambda n: f"genre-{n}")


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Public {n}")
    slug = factory.Sequence(lambda n: f"public-{n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Théâtre partenaire {n}")
    department = factory.SubFactory(DepartmentFactory)
    contact_email = factory.Sequence(lambda n: f"billetterie{n}@partenaire.test")
    phone = "01 45 00 00 00"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Salle {n}")
    address = "12 rue de la Paix"
    postal_code = "75002"
    city = "Paris"
    department = factory.SelfAttribute("partner.department")
    phone = "01 45 11 22 33"
    access = "Entrée par la porte principale, accueil au rez-de-chaussée."
    transport = "Métro ligne 3, station Opéra."
    accessibility = "Accessible aux personnes en fauteuil roulant."


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Spectacle {n}")
    description = "Un spectacle pour toute la famille."
    partner = factory.SubFactory(PartnerFactory)
    venue = factory.SubFactory(VenueFactory, partner=factory.SelfAttribute("..partner"))
    duration_minutes = 90
    recommended_age = "dès 8 ans"
    is_published = True
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(is_published=False, published_at=None)

    @factory.post_generation
    def genres(self, create, extracted, **kwargs):
        if create and extracted:
            self.genres.set(extracted)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyFunction(lambda: evening(10))
    invitations_offered = 10
    max_per_booking = 4

    class Params:
        closed = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() + timedelta(hours=24))
        )
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
        )


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed booking; seats are counted on the slot as the booking service does."""

    class Meta:
        model = Booking
        skip_postgeneration_save = True

    slot = factory.SubFactory(SlotFactory)
    structure = factory.SubFactory(StructureFactory)
    booked_by = factory.SubFactory(UserFactory, structure=factory.SelfAttribute("..structure"))
    invitations = 1

    class Params:
        cancelled = factory.Trait(
            status=Booking.Status.CANCELLED, cancelled_at=factory.LazyFunction(timezone.now)
        )

    @factory.post_generation
    def beneficiary(self, create, extracted, **kwargs):
        """One followed person of the structure unless `beneficiary=False`."""
        if not create or extracted is False:
            return
        person = extracted or PersonFactory(structure=self.structure)
        Participant.objects.create(
            booking=self,
            role=Participant.Role.BENEFICIARY,
            person=person,
            first_name=person.first_name,
            last_name=person.last_name,
            is_active=self.status == Booking.Status.CONFIRMED,
        )
        if self.status == Booking.Status.CONFIRMED:
            Slot.objects.filter(pk=self.slot_id).update(
                invitations_booked=F("invitations_booked") + 1
            )
            self.slot.refresh_from_db(fields=["invitations_booked"])


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    booking = factory.SubFactory(BookingFactory, beneficiary=False)
    role = Participant.Role.BENEFICIARY
    person = factory.SubFactory(
        PersonFactory, structure=factory.SelfAttribute("..booking.structure")
    )
    first_name = factory.SelfAttribute("person.first_name")
    last_name = factory.SelfAttribute("person.last_name")


class BookingLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookingLogEntry

    booking = factory.SubFactory(BookingFactory)
    action = BookingLogEntry.Action.BOOKED
    actor = factory.SelfAttribute("booking.booked_by")


class TestimonialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Testimonial

    booking = factory.SubFactory(BookingFactory)
    participant = factory.LazyAttribute(lambda o: o.booking.participants.first())
    text = "Une très belle soirée, merci !"
    consent = True

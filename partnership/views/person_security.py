"""An LA administrator's security actions on a person: reset their second factor, end their sessions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partnership import rules, sign_in_sessions, two_factor
from partnership.access import PartnershipContext, partnership_view
from partnership.forms.fields import ReasonForm
from partnership.selectors.people import person_for
from partnership.views.form_pages import form_page, posted


def _person_with_a_role_here(ctx: PartnershipContext, user_id: int):
    """A person who holds a role in the partnership now (or will); anyone else is not ours to touch."""
    person = person_for(ctx, user_id)
    rules.require_security_subject(ctx, person)
    return person


def _person_url(ctx: PartnershipContext, person) -> str:
    return reverse(
        "partnership:person", kwargs={"partnership_slug": ctx.partnership.slug, "user_id": person.pk}
    )


@partnership_view(roles=rules.LA_ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def two_factor_reset(request: HttpRequest, ctx: PartnershipContext, user_id: int) -> HttpResponse:
    person = _person_with_a_role_here(ctx, user_id)
    return form_page(
        request,
        ReasonForm(posted(request)),
        save=lambda data: two_factor.two_factor_reset(
            actor=request.user, ctx=ctx, person=person, reason=data["reason"], request=request
        ),
        success=(
            f"{person}'s two-factor sign-in has been reset and they have been signed out. "
            "They will set it up again the next time they sign in."
        ),
        next_url=_person_url(ctx, person),
        template="partnership/two_factor_reset.html",
        context={"person": person},
    )


@partnership_view(roles=rules.LA_ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def sessions_end(request: HttpRequest, ctx: PartnershipContext, user_id: int) -> HttpResponse:
    person = _person_with_a_role_here(ctx, user_id)
    return form_page(
        request,
        ReasonForm(posted(request)),
        save=lambda data: sign_in_sessions.person_sessions_end(
            actor=request.user, ctx=ctx, person=person, reason=data["reason"], request=request
        ),
        success=f"{person} has been signed out everywhere.",
        next_url=_person_url(ctx, person),
        template="partnership/person_sessions_end.html",
        context={"person": person},
    )

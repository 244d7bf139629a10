"""Inclusion partnership pages: pupils (decision 0020). Every pupil-level read goes through
inclusion.selectors, every write through inclusion.services.

A pupil's record is seen by the home school's headteacher and designated inclusion leads, the
staff and chair of the school's inclusion partnership, and the LA's inclusion officers. Anyone else
gets a 404, exactly as for a pupil who does not exist: the list too, for someone who may see no
pupils at all. A headteacher names the school's designated leads on the leads page. A pupil's move
to another school is recorded by an LA inclusion officer, or by the staff or chair of the school's
inclusion partnership between two of its schools.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from inclusion import rules, selectors, services
from inclusion.forms.pupils import (
    DATA_MINIMISATION_HINT,
    AttendanceForm,
    LeadAddForm,
    LeadRemoveForm,
    PupilEditForm,
    PupilFilterForm,
    PupilMoveForm,
    PupilNewForm,
)
from inclusion.models import is_temporary_upn
from partnership import figures
from partnership.access import NotAllowed, NotVisible, PartnershipContext, partnership_view
from partnership.views.form_pages import form_page, posted


def _url(ctx: PartnershipContext, name: str, **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


def _schools_or_404(ctx: PartnershipContext, **kwargs):
    schools = selectors.pupil_schools(ctx, **kwargs)
    if schools is None:
        raise NotVisible("sees no pupil records")
    return schools


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def pupil_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    schools = _schools_or_404(ctx, with_pupils_only=True)
    form = PupilFilterForm(request.GET or None, schools=schools)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = selectors.PupilFilters(
        q=data.get("q", "").strip(),
        school_id=data.get("school"),
        year_group=data.get("year"),
        sort=data.get("sort") or "name",
    )
    page = selectors.pupils_page(request, ctx, filters, request.GET.get("page"))
    return render(
        request,
        "inclusion/pupils/list.html",
        {"form": form, "page": page, "filtered": filters.filtered},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def pupil_new(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    schools = _schools_or_404(ctx)
    form = PupilNewForm(posted(request), schools=schools)

    def save(data):
        try:
            return services.pupil_create(
                actor=request.user,
                ctx=ctx,
                full_name=data["full_name"],
                date_of_birth=data["date_of_birth"],
                upn=data["upn"],
                home_school=data["home_school"],
                year_group=data["year_group"],
                send_status=data["send_status"],
                on_roll_from=data["on_roll_from"],
                out_of_year_group_reason=data["out_of_year_group_reason"],
                reason=data["reason"],
            )
        except services.UpnAlreadyRecorded as known:
            # The refusal tells the person this child is known: that goes in the access log.
            selectors.record_upn_already_known(request, ctx, known)
            raise

    return form_page(
        request,
        form,
        save=save,
        success=lambda pupil: f"{pupil.full_name} has been recorded.",
        next_url=lambda pupil: _url(ctx, "pupil", pupil_id=pupil.pk),
        template="inclusion/pupils/new.html",
        context={
            "minimisation": DATA_MINIMISATION_HINT,
            "retention_years": settings.INCLUSION_PUPIL_RETENTION_YEARS,
        },
    )


def _attendance_rows(records) -> tuple[list[dict], dict]:
    """Each period with its attendance as a percentage, and the totals over every period shown."""
    rows = [
        {"record": record, "percent": _percent(record.sessions_attended, record.sessions_possible)}
        for record in records
    ]
    possible = sum(r.sessions_possible for r in records)
    attended = sum(r.sessions_attended for r in records)
    out = sum(r.sessions_out_of_mainstream for r in records)
    totals = {
        "possible": possible,
        "attended": attended,
        "out_of_mainstream": out,
        "percent": _percent(attended, possible),
        "out_percent": _percent(out, possible),
    }
    return rows, totals


def _percent(part: int, whole: int) -> str | None:
    """Attendance to one place, by the portal's one rule: never 100% unless every session."""
    return figures.percent(part, whole, places=1) if whole else None


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def pupil_detail(request: HttpRequest, ctx: PartnershipContext, pupil_id: int) -> HttpResponse:
    pupil = selectors.pupil_record(request, ctx, pupil_id)
    attendance, totals = _attendance_rows(list(pupil.attendance.all()))
    rolls = list(pupil.rolls.all())
    return render(
        request,
        "inclusion/pupils/detail.html",
        {
            "pupil": pupil,
            "temporary_upn": is_temporary_upn(pupil.upn),
            "actions": rules.pupil_actions(ctx, pupil),
            "rolls": rolls,
            "referrals": list(pupil.referrals.all()),
            "attendance": attendance,
            "totals": totals,
            "consultations": list(pupil.exclusion_consultations.all()),
            "exclusions": list(pupil.permanent_exclusions.all()),
            "placements": list(pupil.placements.all()),
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def pupil_edit(request: HttpRequest, ctx: PartnershipContext, pupil_id: int) -> HttpResponse:
    pupil = selectors.pupil_for(request, ctx, pupil_id)
    form = PupilEditForm(
        posted(request),
        year_group=pupil.year_group,
        initial={
            "full_name": pupil.full_name,
            "date_of_birth": pupil.date_of_birth,
            "year_group": pupil.year_group,
            "out_of_year_group_reason": pupil.out_of_year_group_reason,
            "send_status": pupil.send_status,
        },
    )

    def save(data):
        return services.pupil_update(
            actor=request.user,
            ctx=ctx,
            pupil=pupil,
            full_name=data["full_name"],
            date_of_birth=data["date_of_birth"],
            year_group=data["year_group"],
            send_status=data["send_status"],
            out_of_year_group_reason=data["out_of_year_group_reason"],
            reason=data["reason"],
        )

    return form_page(
        request,
        form,
        save=save,
        success="The pupil's details have been corrected.",
        next_url=_url(ctx, "pupil", pupil_id=pupil.pk),
        template="inclusion/pupils/edit.html",
        context={"pupil": pupil, "minimisation": DATA_MINIMISATION_HINT},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def attendance_new(request: HttpRequest, ctx: PartnershipContext, pupil_id: int) -> HttpResponse:
    pupil = selectors.pupil_for(request, ctx, pupil_id)
    form = AttendanceForm(posted(request))

    def save(data):
        return services.attendance_record(
            actor=request.user,
            ctx=ctx,
            pupil=pupil,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            sessions_possible=data["sessions_possible"],
            sessions_attended=data["sessions_attended"],
            sessions_out_of_mainstream=data["sessions_out_of_mainstream"],
            reason=data["reason"],
        )

    return form_page(
        request,
        form,
        save=save,
        success="The attendance has been recorded.",
        next_url=_url(ctx, "pupil", pupil_id=pupil.pk) + "#attendance",
        template="inclusion/pupils/attendance_new.html",
        context={"pupil": pupil},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def pupil_move(request: HttpRequest, ctx: PartnershipContext, pupil_id: int) -> HttpResponse:
    """A move to another school, other than after a permanent exclusion: a confirmation page that
    says the old school will no longer see the pupil. For LA inclusion officers and the staff and
    chair of the pupil's inclusion partnership; others who see the pupil get a 403."""
    pupil = selectors.pupil_for(request, ctx, pupil_id)
    if not rules.may_move_pupil(ctx, pupil):
        raise NotAllowed("only an LA inclusion officer, or the staff or chair of the pupil's partnership")
    old_school = pupil.home_school
    schools = list(selectors.move_schools(ctx, pupil))
    current_roll = pupil.rolls.order_by("-starts_on", "-pk").first()
    form = PupilMoveForm(posted(request), schools=schools)

    def save(data):
        return services.pupil_move(
            actor=request.user,
            ctx=ctx,
            pupil=pupil,
            school=data["school"],
            moved_on=data["moved_on"],
            reason=data["reason"],
        )

    def after(roll) -> str:
        if rules.may_see_pupils_of(ctx, roll.school):
            return _url(ctx, "pupil", pupil_id=pupil.pk)
        return _url(ctx, "pupils")

    return form_page(
        request,
        form,
        save=save,
        success=lambda roll: (
            f"{pupil.full_name} is now on roll at {roll.school.name}. "
            f"{old_school.name} no longer sees their records."
        ),
        next_url=after,
        template="inclusion/pupils/move.html",
        context={
            "pupil": pupil,
            "old_school": old_school,
            "current_roll": current_roll,
            "schools": schools,
            "is_officer": rules.is_inclusion_officer(ctx),
        },
    )


# --- A headteacher's designated inclusion leads --------------------------------------------------
# Only headteachers have these pages (anyone else gets a 404); each sees their own schools' leads.


@partnership_view(roles=rules.LEADS_PAGE_ROLES)
@require_GET
def lead_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    return render(
        request,
        "inclusion/pupils/leads.html",
        {
            "leads": selectors.designated_leads_for(ctx),
            "several_schools": len(rules.headships(ctx)) > 1,
        },
    )


@partnership_view(roles=rules.LEADS_PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def lead_new(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    form = LeadAddForm(
        posted(request),
        staff=selectors.designated_lead_candidates(ctx),
        several_schools=len(rules.headships(ctx)) > 1,
    )

    def save(data):
        assignment = data["staff"]
        return services.designated_lead_add(
            actor=request.user, ctx=ctx, school=assignment.school, user=assignment.user, reason=data["reason"]
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda lead: f"{lead.user} is now a designated inclusion lead at {lead.school}.",
        next_url=_url(ctx, "leads"),
        template="inclusion/pupils/lead_new.html",
    )


@partnership_view(roles=rules.LEADS_PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def lead_remove(request: HttpRequest, ctx: PartnershipContext, lead_id: int) -> HttpResponse:
    """A confirmation page: it says what removing the lead means, and the POST does it."""
    lead = selectors.designated_lead_for(ctx, lead_id)
    return form_page(
        request,
        LeadRemoveForm(posted(request)),
        save=lambda data: services.designated_lead_remove(
            actor=request.user, ctx=ctx, lead=lead, reason=data["reason"]
        ),
        success=f"{lead.user} is no longer a designated inclusion lead at {lead.school}.",
        next_url=_url(ctx, "leads"),
        template="inclusion/pupils/lead_remove.html",
        context={"lead": lead},
    )


urlpatterns = [
    path("pupils/", pupil_list, name="pupils"),
    path("pupils/new/", pupil_new, name="pupil-new"),
    path("pupils/<int:pupil_id>/", pupil_detail, name="pupil"),
    path("pupils/<int:pupil_id>/edit/", pupil_edit, name="pupil-edit"),
    path("pupils/<int:pupil_id>/attendance/new/", attendance_new, name="attendance-new"),
    path("pupils/<int:pupil_id>/move/", pupil_move, name="pupil-move"),
    path("leads/", lead_list, name="leads"),
    path("leads/new/", lead_new, name="lead-new"),
    path("leads/<int:lead_id>/remove/", lead_remove, name="lead-remove"),
]

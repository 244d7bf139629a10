"""Inclusion partnership pages: the partnerships, their chair, staff, funding and spending
(decision 0020).

None of this is pupil data, so more people see it than see pupil records.

Who sees (inclusion.rules decides; anyone else gets a 404):
- every inclusion partnership: LA officers and administrators, LA inclusion officers, and board
  members, who read only (the strategic group oversees the devolved money);
- one inclusion partnership: its own staff and chair, and the headteachers of its member schools,
  who read only.

Who changes (inclusion.rules decides; someone who sees the page but may not change it
gets a 403):
- setting up a partnership, its area and fund holder, and its allocations: LA officers and
  administrators, and LA inclusion officers. That is money, not pupils: when an LA officer or
  administrator sets a partnership up, the fund-holder school's headteacher chairs it;
- the chair and the staff: LA inclusion officers only. The chair and staff see the pupil records of
  every member school, so choosing them is neither for ordinary LA officers (who see no pupils) nor
  for the partnership's own staff and chair. The chair is always a member school's headteacher;
- recording what an allocation was spent on: LA officers, administrators and inclusion officers,
  and the partnership's own staff and chair, who know what they spent.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion import rules, services
from inclusion.forms.funding import (
    AllocationForm,
    ChairForm,
    PartnershipEditForm,
    PartnershipFilterForm,
    PartnershipNewForm,
    SpendForm,
    StaffAddForm,
    StaffEndForm,
)
from inclusion.selectors import funding as selectors
from partnership import figures
from partnership.access import NotAllowed, PartnershipContext, partnership_view
from partnership.parsing import as_id
from partnership.views.form_pages import form_page, posted


def _url(ctx: PartnershipContext, name: str, **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


def _money(amount) -> str:
    return figures.amount(amount)


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def partnership_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    rules.require_open_inclusion_partnerships(ctx)
    form = PartnershipFilterForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    page = Paginator(selectors.inclusion_partnership_list(ctx, q=q), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inclusion/funding/list.html",
        {
            "form": form,
            "q": q,
            "page": page,
            "rows": selectors.with_remaining(page.object_list),
            "year_label": selectors.financial_year_label(selectors.current_financial_year()),
            "may_manage": rules.may_manage_inclusion_partnerships(ctx),
            "sees_all": rules.sees_every_inclusion_partnership(ctx),
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def partnership_new(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    rules.require_open_inclusion_partnerships(ctx)
    rules.require_manager(ctx)
    networks = selectors.networks_without_a_partnership(ctx)
    members_by_network = selectors.current_members_by_network(networks)
    chooses_chair = rules.may_choose_chair_and_staff(ctx)
    form = PartnershipNewForm(
        posted(request),
        networks=networks,
        members_by_network=members_by_network,
        chairs_by_network=(
            selectors.chair_candidates_by_network(ctx, members_by_network) if chooses_chair else None
        ),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.inclusion_partnership_create(
            actor=request.user,
            ctx=ctx,
            network=data["network"],
            area=data["area"],
            fund_holder=data["fund_holder"],
            chair=data.get("chair"),
            reason=data["reason"],
        ),
        success=lambda ip: (
            f"The {ip} is set up, chaired by {ip.chair}. Add its staff and this year's allocation next."
        ),
        next_url=lambda ip: _url(ctx, "partnership", ip_id=ip.pk),
        template="inclusion/funding/partnership_new.html",
        context={
            "title": "Set up an inclusion partnership",
            "intro": [
                "An inclusion partnership is set up on a network of the type behaviour and inclusion "
                "partnership. Its member schools are the network's schools.",
                "The chair is consulted before every permanent exclusion by a member school, and sees "
                "the pupil records of every member school.",
                "The chair is the headteacher of a member school: the fund-holder school's headteacher, "
                "unless an LA inclusion officer names another."
                if chooses_chair
                else "The fund-holder school's headteacher will chair it. An LA inclusion officer can "
                "name another member school's headteacher as chair later.",
            ],
            "button": "Set up the partnership",
            "cancel_url": _url(ctx, "partnerships"),
            "no_networks": not members_by_network,
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def partnership_detail(request: HttpRequest, ctx: PartnershipContext, ip_id: int) -> HttpResponse:
    ip = selectors.inclusion_partnership_for(ctx, ip_id)
    members = selectors.member_schools(ip)
    allocations = selectors.allocation_summaries(ip)
    return render(
        request,
        "inclusion/funding/detail.html",
        {
            "ip": ip,
            "members": members,
            "fund_holder_is_member": any(m.school_id == ip.fund_holder_id for m in members),
            "staff": selectors.staff_rows(ip),
            "allocations": allocations,
            "current_year_label": selectors.financial_year_label(selectors.current_financial_year()),
            "has_current_year": any(summary.is_current for summary in allocations),
            "may_manage": rules.may_manage_inclusion_partnerships(ctx),
            "may_choose": rules.may_choose_chair_and_staff(ctx),
            "may_spend": rules.may_record_spend(ctx, ip),
        },
    )


def _form_context(ctx, ip, title: str, **extra) -> dict:
    return {"ip": ip, "title": title, "cancel_url": _url(ctx, "partnership", ip_id=ip.pk), **extra}


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, ctx: PartnershipContext, ip_id: int) -> HttpResponse:
    ip = selectors.inclusion_partnership_for(ctx, ip_id)
    rules.require_manager(ctx)
    form = PartnershipEditForm(
        posted(request),
        members=selectors.member_school_choices(ip),
        initial={"area": ip.area, "fund_holder": ip.fund_holder_id},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.inclusion_partnership_update(
            actor=request.user,
            ctx=ctx,
            inclusion_partnership=ip,
            area=data["area"],
            fund_holder=data["fund_holder"],
            reason=data["reason"],
        ),
        success="The partnership's details have been changed.",
        next_url=_url(ctx, "partnership", ip_id=ip.pk),
        template="inclusion/funding/form.html",
        context=_form_context(
            ctx,
            ip,
            "Change the area or fund holder",
            intro=[
                "A new fund holder does not change the chair. If the new fund holder's headteacher "
                "is to chair the partnership, an LA inclusion officer changes the chair as well."
            ],
            button="Save changes",
        ),
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def chair_change(request: HttpRequest, ctx: PartnershipContext, ip_id: int) -> HttpResponse:
    ip = selectors.inclusion_partnership_for(ctx, ip_id)
    rules.require_choosing_chair_and_staff(ctx)
    people = selectors.chair_candidates(ip)
    form = ChairForm(posted(request), people=people)
    return form_page(
        request,
        form,
        save=lambda data: services.chair_change(
            actor=request.user, ctx=ctx, inclusion_partnership=ip, chair=data["chair"], reason=data["reason"]
        ),
        success=lambda changed: f"{changed.chair} now chairs the {changed}.",
        next_url=_url(ctx, "partnership", ip_id=ip.pk),
        template="inclusion/funding/form.html",
        context=_form_context(
            ctx,
            ip,
            "Change the chair",
            intro=[
                f"{ip.chair} chairs the partnership now.",
                "The chair is the headteacher of one of the partnership's member schools."
                if people.exists()
                else "The chair is the headteacher of one of the partnership's member schools. No other "
                "member school's headteacher has a role in the portal yet: an LA administrator adds "
                "them on the People page first.",
                "Every member school's headteacher consults the chair before a permanent exclusion. "
                "The chair sees the pupil records of every member school: the new chair will from "
                f"today, and {ip.chair} will no longer see them as its chair.",
            ],
            button="Change the chair",
        ),
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest, ctx: PartnershipContext, ip_id: int) -> HttpResponse:
    ip = selectors.inclusion_partnership_for(ctx, ip_id)
    rules.require_choosing_chair_and_staff(ctx)
    people = selectors.staff_candidates(ctx, ip)
    form = StaffAddForm(posted(request), people=people, initial={"starts_on": timezone.localdate()})
    return form_page(
        request,
        form,
        save=lambda data: services.staff_member_add(
            actor=request.user,
            ctx=ctx,
            inclusion_partnership=ip,
            user=data["user"],
            starts_on=data["starts_on"],
            reason=data["reason"],
        ),
        success=lambda member: f"{member.user} is on the staff of the {ip} from {_day(member.starts_on)}.",
        next_url=_url(ctx, "partnership", ip_id=ip.pk),
        template="inclusion/funding/staff_new.html",
        context=_form_context(
            ctx,
            ip,
            "Add a member of staff",
            intro=[
                "Staff see the pupil records of every member school from their start date, and can "
                "agree plans and make placements."
            ],
            button="Add to the staff",
            no_candidates=not people.exists(),
        ),
    )


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def staff_end(request: HttpRequest, ctx: PartnershipContext, ip_id: int, staff_id: int) -> HttpResponse:
    ip = selectors.inclusion_partnership_for(ctx, ip_id)
    member = selectors.staff_member_of(ip, staff_id)
    rules.require_choosing_chair_and_staff(ctx)
    form = StaffEndForm(posted(request), initial={"ends_on": max(timezone.localdate(), member.starts_on)})
    return form_page(
        request,
        form,
        save=lambda data: services.staff_member_end(
            actor=request.user, ctx=ctx, member=member, ends_on=data["ends_on"], reason=data["reason"]
        ),
        success=lambda ended: f"{ended.user} leaves the staff of the {ip} on {_day(ended.ends_on)}.",
        next_url=_url(ctx, "partnership", ip_id=ip.pk),
        template="inclusion/funding/form.html",
        context=_form_context(
            ctx,
            ip,
            f"End {member.user}'s time on the staff",
            intro=[
                f"{member.user} has been on the staff since {_day(member.starts_on)}.",
                "From the end date they no longer see the pupil records of the partnership's member "
                "schools, and can no longer agree plans or make placements. The record of their time "
                "on the staff is kept.",
            ],
            button="End their time on the staff",
            warning_button=True,
        ),
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def allocation_set(request: HttpRequest, ctx: PartnershipContext, ip_id: int) -> HttpResponse:
    ip = selectors.inclusion_partnership_for(ctx, ip_id)
    rules.require_manager(ctx)
    current = selectors.current_financial_year()
    years = list(range(current - 2, current + 2))
    existing = {summary.allocation.financial_year: summary for summary in selectors.allocation_summaries(ip)}
    asked = as_id(request.GET.get("year"))
    year = asked if asked in years else current
    initial = {"financial_year": year}
    if year in existing:
        initial["amount"] = existing[year].allocation.amount
    form = AllocationForm(posted(request), years=years, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.allocation_record(
            actor=request.user,
            ctx=ctx,
            inclusion_partnership=ip,
            financial_year=data["financial_year"],
            amount=data["amount"],
            reason=data["reason"],
        ),
        success=lambda allocation: (
            f"The allocation for {selectors.financial_year_label(allocation.financial_year)} "
            f"is {_money(allocation.amount)}."
        ),
        next_url=_url(ctx, "partnership", ip_id=ip.pk),
        template="inclusion/funding/allocation_set.html",
        context=_form_context(
            ctx,
            ip,
            "Set an allocation",
            intro=[
                "The high needs money the LA devolves to the partnership for one financial year, "
                "April to March. If the year already has an allocation, the amount you enter "
                "replaces it: the old amount is kept in the record's history, and so is the spending "
                "already recorded."
            ],
            button="Save allocation",
            existing=[existing[y] for y in sorted(existing, reverse=True) if y in years],
        ),
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def spend_new(request: HttpRequest, ctx: PartnershipContext, ip_id: int, allocation_id: int) -> HttpResponse:
    ip = selectors.inclusion_partnership_for(ctx, ip_id)
    allocation = selectors.allocation_of(ip, allocation_id)
    if not rules.may_record_spend(ctx, ip):
        raise NotAllowed("only LA officers, LA inclusion officers and the partnership's staff and chair")
    summary = selectors.allocation_summary(allocation)
    form = SpendForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda data: services.spend_add(
            actor=request.user,
            ctx=ctx,
            allocation=allocation,
            category=data["category"],
            amount=data["amount"],
            description=data["description"],
            reason=data["reason"],
        ),
        success=lambda spend: (
            f"{_money(spend.amount)} spent on {spend.get_category_display().lower()} is recorded "
            f"against {selectors.financial_year_label(allocation.financial_year)}."
        ),
        next_url=_url(ctx, "partnership", ip_id=ip.pk) + f"#year-{allocation.financial_year}",
        template="inclusion/funding/spend_new.html",
        context=_form_context(ctx, ip, "Record spending", summary=summary, button="Save spending"),
    )


urlpatterns = [
    path("partnerships/", partnership_list, name="partnerships"),
    path("partnerships/new/", partnership_new, name="partnership-new"),
    path("partnerships/<int:ip_id>/", partnership_detail, name="partnership"),
    path("partnerships/<int:ip_id>/edit/", partnership_edit, name="partnership-edit"),
    path("partnerships/<int:ip_id>/chair/", chair_change, name="chair"),
    path("partnerships/<int:ip_id>/staff/new/", staff_new, name="staff-new"),
    path("partnerships/<int:ip_id>/staff/<int:staff_id>/end/", staff_end, name="staff-end"),
    path("partnerships/<int:ip_id>/allocations/new/", allocation_set, name="allocation-set"),
    path(
        "partnerships/<int:ip_id>/allocations/<int:allocation_id>/spend/new/",
        spend_new,
        name="spend-new",
    ),
]

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from partnership.access import NotAllowed, NotVisible, PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_view
from partnership.selectors import priorities_for
from partnership.services import ServiceError
from partnership.uploads import download_name
from partnership.views.form_pages import form_page, posted
from support import rules, selectors
from support.forms import (
    ActionDoneForm,
    ActionForm,
    AgreementAnswerForm,
    AgreementForm,
    AnswerRecordForm,
    LogForm,
    ObjectiveForm,
    ReviewCommentForm,
    ReviewQaForm,
    ReviewRateForm,
    ReviewScheduleForm,
    VisitAnswerForm,
    VisitForm,
)
from support.models.agreements import VisitStatus
from support.services import agreements as services
from support.services import reviews as review_services
from support.services.agreements import ConflictFound


def _agreement_url(ctx, agreement_id: int) -> str:
    return reverse(
        "support:agreement", kwargs={"partnership_slug": ctx.partnership.slug, "agreement_id": agreement_id}
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def agreement_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    """Support the person gives: as a system leader, or as the headteacher of a providing school."""
    page = Paginator(selectors.agreements_provided(ctx), 50).get_page(request.GET.get("page"))
    return render(request, "support/agreement_list.html", {"page": page})


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest, ctx: PartnershipContext, case_id: int) -> HttpResponse:
    case = selectors.case_for(ctx, case_id)
    rules.require_caseworker(ctx)
    form = AgreementForm(
        posted(request),
        **selectors.provider_choices(ctx, case),
        priorities=priorities_for(ctx, include_unused=False),
        initial={"priorities": list(case.priorities.all())},
    )
    conflicts = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                actor=request.user,
                ctx=ctx,
                case=case,
                agreement=form.save(commit=False),
                priorities=list(data["priorities"]),
                objectives=[
                    {
                        "description": data["objective"],
                        "outcome_measure": data["outcome_measure"],
                        "target_date": data["target_date"],
                    }
                ],
                justification=data["justification"],
                reason=data["reason"],
                accreditation_noted=data["accreditation_noted"],
            )
        except ConflictFound as found:
            conflicts = found.reasons
            form.add_error(
                "justification",
                "A conflict of interest was found. Record why this provider is still right, or choose another",
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            from django.contrib import messages
            from django.shortcuts import redirect

            messages.success(
                request,
                f"{agreement.provider_label} is proposed. Below: whom the portal asked for the school's answer.",
            )
            return redirect(_agreement_url(ctx, agreement.pk))
    return render(request, "support/agreement_new.html", {"form": form, "case": case, "conflicts": conflicts})


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def agreement_detail(request: HttpRequest, ctx: PartnershipContext, agreement_id: int) -> HttpResponse:
    page = selectors.agreement_page(ctx, agreement_id, request.GET.get("page"))
    record_view(
        request,
        record_type=RecordType.SUPPORT_AGREEMENT,
        record_id=page.agreement.pk,
        description=f"Agreement on support case {page.case.pk}",
        school_id=page.case.school_id,
    )
    return render(
        request,
        "support/agreement_detail.html",
        {
            "agreement": page.agreement,
            "case": page.case,
            "objectives": page.objectives,
            "actions": page.actions,
            "visits": page.visits,
            "reviews": page.reviews,
            "log": page.log,
            "may": page.may,
            "heads": page.heads,
            "hours_logged": page.hours_logged,
            "days_logged": page.days_logged,
            "hours_per_day": settings.SUPPORT_HOURS_PER_DAY,
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def agreement_agree(request: HttpRequest, ctx: PartnershipContext, agreement_id: int) -> HttpResponse:
    """The receiving school's headteacher agrees, declines or asks for changes."""
    agreement = selectors.agreement_for(ctx, agreement_id)
    rules.require_receiving_head(ctx, agreement.case, "answers for the school")
    return _simple(
        request,
        ctx,
        agreement,
        AgreementAnswerForm,
        lambda a, d: services.agreement_answer(
            actor=request.user, ctx=ctx, agreement=a, answer=d["answer"], note=d["note"]
        ),
        "Your answer has been recorded. The lead officer has been told.",
        "support/agreement_form.html",
        "Answer for your school",
        intro=f"{agreement.provider_label} is proposed to support {agreement.case.school.name} "
        f"from {agreement.starts_on:%-d %B %Y} to {agreement.ends_on:%-d %B %Y}: "
        f"{agreement.days.normalize():f} days.",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def answer_record(request: HttpRequest, ctx: PartnershipContext, agreement_id: int) -> HttpResponse:
    """An LA officer records the school's answer given by phone, letter, email or at a meeting."""
    agreement = selectors.agreement_for(ctx, agreement_id)
    rules.require_caseworker(ctx)
    form = AnswerRecordForm(posted(request), request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda d: services.agreement_answer_record(
            actor=request.user,
            ctx=ctx,
            agreement=agreement,
            answer=d["answer"],
            how=d["how"],
            who=d["who"],
            on=d["on"],
            note=d["note"],
            document=d.get("document"),
        ),
        success="The school's answer has been recorded.",
        next_url=_agreement_url(ctx, agreement.pk),
        template="support/agreement_form.html",
        context={
            "agreement": agreement,
            "case": agreement.case,
            "title": "Record the school's answer",
            "intro": "For an answer the school gave by phone, letter, email or at a meeting. The "
            "school's headteacher, if the portal has one, sees what you record.",
            "multipart": True,
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def answer_document(request: HttpRequest, ctx: PartnershipContext, agreement_id: int):
    """The school's letter or email, for the LA and the school only."""
    agreement = selectors.agreement_for(ctx, agreement_id)
    if not rules.agreement_actions(ctx, agreement).read_school_answer or not agreement.answer_document:
        raise NotVisible("the school's letter is for the LA and the school")
    record_view(
        request,
        record_type=RecordType.SUPPORT_AGREEMENT,
        record_id=agreement.pk,
        description=f"The school's answer on support case {agreement.case_id}: its letter or email",
        school_id=agreement.case.school_id,
    )
    suffix = Path(agreement.answer_document.name).suffix
    return FileResponse(
        agreement.answer_document.open("rb"),
        as_attachment=True,
        filename=download_name(f"Answer from {agreement.case.school.name}", suffix),
    )


def _simple(request, ctx, agreement, form_class, save, success, template, title, **extra):
    form = form_class(posted(request), **extra.pop("form_kwargs", {}))
    return form_page(
        request,
        form,
        save=lambda data: save(agreement, data),
        success=success,
        next_url=_agreement_url(ctx, agreement.pk),
        template=template,
        context={"agreement": agreement, "case": agreement.case, "title": title, **extra},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def objective_new(request, ctx, agreement_id):
    rules.require_caseworker(ctx)
    agreement = selectors.agreement_for(ctx, agreement_id)
    return _simple(
        request,
        ctx,
        agreement,
        ObjectiveForm,
        lambda a, d: services.objective_add(actor=request.user, ctx=ctx, agreement=a, **d),
        "The objective has been added.",
        "support/agreement_form.html",
        "Add an objective",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def action_new(request, ctx, agreement_id):
    agreement = selectors.agreement_for(ctx, agreement_id)
    rules.require_plan_keeper(ctx, agreement, "add actions")
    return _simple(
        request,
        ctx,
        agreement,
        ActionForm,
        lambda a, d: services.action_add(actor=request.user, ctx=ctx, agreement=a, **d),
        "The action has been added.",
        "support/agreement_form.html",
        "Add an action",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def action_done(request, ctx, agreement_id, action_id):
    agreement = selectors.agreement_for(ctx, agreement_id)
    action = selectors.action_on(agreement, action_id)
    rules.require_plan_keeper(ctx, agreement, "complete actions")
    return _simple(
        request,
        ctx,
        agreement,
        ActionDoneForm,
        lambda a, d: services.action_done(actor=request.user, ctx=ctx, action=action, **d),
        "The action is marked as done.",
        "support/agreement_form.html",
        f"Mark as done: {action}",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def visit_new(request, ctx, agreement_id):
    agreement = selectors.agreement_for(ctx, agreement_id)
    rules.require_provider(ctx, agreement, "proposes visits")
    return _simple(
        request,
        ctx,
        agreement,
        VisitForm,
        lambda a, d: services.visit_propose(actor=request.user, ctx=ctx, agreement=a, **d),
        "The visit has been proposed. The school's headteacher has been asked to accept it.",
        "support/agreement_form.html",
        "Propose a visit",
        intro="Visits are arranged in advance with the headteacher (terms of reference 14.3).",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def visit_answer(request, ctx, agreement_id, visit_id):
    agreement = selectors.agreement_for(ctx, agreement_id)
    visit = selectors.visit_on(agreement, visit_id)
    rules.require_receiving_head(ctx, agreement.case, "answers a visit")
    return _simple(
        request,
        ctx,
        agreement,
        VisitAnswerForm,
        lambda a, d: services.visit_answer(
            actor=request.user, ctx=ctx, visit=visit, accept=d["answer"] == "accept", comment=d["comment"]
        ),
        "Your answer has been sent to the provider.",
        "support/agreement_form.html",
        f"A visit on {visit.visit_on:%-d %B %Y}",
        intro=visit.purpose,
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def log_new(request, ctx, agreement_id, visit_id=None):
    agreement = selectors.agreement_for(ctx, agreement_id)
    rules.require_provider(ctx, agreement, "logs support")
    visit = selectors.visit_on(agreement, visit_id) if visit_id else None
    if visit is not None and visit.status != VisitStatus.ACCEPTED:
        raise NotAllowed("only an accepted visit can be logged")
    form = LogForm(posted(request), visit=visit)
    return form_page(
        request,
        form,
        save=lambda data: services.log_add(
            actor=request.user, ctx=ctx, agreement=agreement, entry=form.save(commit=False), visit=visit
        ),
        success="The support has been logged.",
        next_url=_agreement_url(ctx, agreement.pk),
        template="support/agreement_form.html",
        context={
            "agreement": agreement,
            "case": agreement.case,
            "title": f"Log the visit on {visit.visit_on:%-d %B %Y}" if visit else "Log support",
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def review_new(request, ctx, agreement_id):
    rules.require_caseworker(ctx)
    agreement = selectors.agreement_for(ctx, agreement_id)
    return _simple(
        request,
        ctx,
        agreement,
        ReviewScheduleForm,
        lambda a, d: review_services.review_schedule(actor=request.user, ctx=ctx, agreement=a, **d),
        "The review has been scheduled.",
        "support/agreement_form.html",
        "Schedule a progress review",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def review_rate(request, ctx, agreement_id, review_id):
    agreement = selectors.agreement_for(ctx, agreement_id)
    review = selectors.review_on(agreement, review_id)
    rules.require_plan_keeper(ctx, agreement, "rate a review")
    form = ReviewRateForm(posted(request), objectives=selectors.objectives_of(agreement))
    return form_page(
        request,
        form,
        save=lambda data: review_services.review_rate(
            actor=request.user,
            ctx=ctx,
            review=review,
            held_on=data["held_on"],
            summary=data["summary"],
            ratings=form.ratings(),
        ),
        success="The review has been rated. The lead officer will quality-assure it.",
        next_url=_agreement_url(ctx, agreement.pk),
        template="support/agreement_form.html",
        context={
            "agreement": agreement,
            "case": agreement.case,
            "title": f"Rate the review due {review.due_on:%-d %B %Y}",
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def review_comment(request, ctx, agreement_id, review_id):
    agreement = selectors.agreement_for(ctx, agreement_id)
    review = selectors.review_on(agreement, review_id)
    rules.require_receiving_school(ctx, agreement.case, "comments")
    return _simple(
        request,
        ctx,
        agreement,
        ReviewCommentForm,
        lambda a, d: review_services.review_comment(
            actor=request.user, ctx=ctx, review=review, comment=d["comment"]
        ),
        "Your comment has been added to the review.",
        "support/agreement_form.html",
        "Add the school's comment",
        form_kwargs={"initial": {"comment": review.school_comment}},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def review_qa(request, ctx, agreement_id, review_id):
    agreement = selectors.agreement_for(ctx, agreement_id)
    review = selectors.review_on(agreement, review_id)
    rules.require_caseworker(ctx)
    return _simple(
        request,
        ctx,
        agreement,
        ReviewQaForm,
        lambda a, d: review_services.review_qa(actor=request.user, ctx=ctx, review=review, **d),
        "The review has been quality-assured.",
        "support/review_qa.html",
        "Quality-assure the review",
        review=review,
        ratings=selectors.review_ratings(review),
    )

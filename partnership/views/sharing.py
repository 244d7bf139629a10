"""The data-sharing agreement's pages: read by everyone in the partnership, kept by LA administrators."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from partnership import rules
from partnership.access import NotVisible, PartnershipContext, partnership_view
from partnership.consent import current_agreement
from partnership.forms.sharing import AgreementForm, PublishForm
from partnership.models import SharingAgreement
from partnership.selectors.sharing import agreement_version_for, agreement_versions, draft_agreement
from partnership.services import sharing
from partnership.views.form_pages import form_page, posted


def _crumbs(ctx: PartnershipContext) -> dict:
    return {
        "crumb_url": reverse("partnership:sharing", kwargs={"partnership_slug": ctx.partnership.slug}),
        "crumb_label": "Data-sharing agreement",
    }


@partnership_view(roles=rules.ALL_ROLES)
@require_GET
def overview(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    versions = list(agreement_versions(ctx))
    current = next((v for v in versions if v.is_published), None)
    return render(
        request,
        "partnership/sharing/overview.html",
        {
            "current": current,
            "versions": versions,
            "draft": next((v for v in versions if not v.is_published), None),
            "can_manage": rules.may_manage_agreement(ctx),
            "sees_consents": rules.may_see_consents(ctx),
            "sees_access_log": rules.may_search_access_log(ctx),
            "sees_retention_runs": rules.may_see_retention_runs(ctx),
        },
    )


@partnership_view(roles=rules.ALL_ROLES)
@require_GET
def version(request: HttpRequest, ctx: PartnershipContext, version: int) -> HttpResponse:
    agreement = agreement_version_for(ctx, version)
    current = current_agreement(ctx.partnership)
    return render(
        request,
        "partnership/sharing/version.html",
        {
            "agreement": agreement,
            "is_current": current is not None and current.pk == agreement.pk,
            "can_manage": rules.may_manage_agreement(ctx),
            **_crumbs(ctx),
        },
    )


def _initial_from(agreement: SharingAgreement | None) -> dict:
    if agreement is None:
        return {"partial_consent_allowed": "yes"}
    initial = {name: getattr(agreement, name) for name in sharing.CONTENT_FIELDS}
    initial["partial_consent_allowed"] = "yes" if agreement.partial_consent_allowed else "no"
    return initial


@partnership_view(roles=rules.LA_ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    draft = draft_agreement(ctx)
    if draft is not None:
        return redirect(
            "partnership:sharing-edit", partnership_slug=ctx.partnership.slug, version=draft.version
        )
    form = AgreementForm(posted(request), initial=_initial_from(current_agreement(ctx.partnership)))
    return form_page(
        request,
        form,
        save=lambda data: sharing.agreement_draft_save(
            actor=request.user, ctx=ctx, agreement=None, data=data, reason=data["reason"]
        ),
        success=lambda a: f"Version {a.version} is saved as a draft. Schools see it once you publish it.",
        next_url=lambda a: reverse(
            "partnership:sharing-version",
            kwargs={"partnership_slug": ctx.partnership.slug, "version": a.version},
        ),
        template="partnership/sharing/form.html",
        context={"heading": "Draft a new version of the agreement", **_crumbs(ctx)},
    )


@partnership_view(roles=rules.LA_ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, ctx: PartnershipContext, version: int) -> HttpResponse:
    agreement = agreement_version_for(ctx, version)
    if agreement.is_published:
        raise NotVisible("published versions are never edited")
    form = AgreementForm(posted(request), initial=_initial_from(agreement))
    return form_page(
        request,
        form,
        save=lambda data: sharing.agreement_draft_save(
            actor=request.user, ctx=ctx, agreement=agreement, data=data, reason=data["reason"]
        ),
        success=f"Draft version {agreement.version} is saved.",
        next_url=reverse(
            "partnership:sharing-version",
            kwargs={"partnership_slug": ctx.partnership.slug, "version": version},
        ),
        template="partnership/sharing/form.html",
        context={"heading": f"Change draft version {agreement.version}", **_crumbs(ctx)},
    )


@partnership_view(roles=rules.LA_ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, ctx: PartnershipContext, version: int) -> HttpResponse:
    agreement = agreement_version_for(ctx, version)
    rules.require_agreement_manager(ctx)
    if agreement.is_published:
        raise NotVisible("this version is already published")
    previous = current_agreement(ctx.partnership)
    form = PublishForm(posted(request), first=previous is None)
    return form_page(
        request,
        form,
        save=lambda data: sharing.agreement_publish(
            actor=request.user,
            ctx=ctx,
            agreement=agreement,
            effective_from=data["effective_from"],
            changes=data.get("changes", ""),
            reason=data["reason"],
        ),
        success=lambda a: (
            f"Version {a.version} is published, effective from {a.effective_from:%-d %B %Y}. Every "
            "headteacher, chair of governors and trust's delegate has been asked to consent"
            + (" again." if previous else ".")
        ),
        next_url=reverse("partnership:sharing", kwargs={"partnership_slug": ctx.partnership.slug}),
        template="partnership/sharing/publish.html",
        context={"agreement": agreement, "previous": previous, **_crumbs(ctx)},
    )
